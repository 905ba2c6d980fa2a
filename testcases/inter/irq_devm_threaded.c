// SPDX-License-Identifier: GPL-2.0
/*
 * irq_devm_threaded: devm_request_threaded_irq(dev, irq, primary, thread_fn,
 * ...).  The primary handler dti_hardirq runs in hard-IRQ context and calls
 * dti_capture, whose GFP_KERNEL allocation is reported.  The thread function
 * dti_threadfn takes a mutex and calls dti_apply, which allocates with
 * GFP_KERNEL and vzalloc: the thread function may sleep and holding a mutex
 * does not make the code atomic, so neither is reported.  dti_probe
 * (process context) is not reported.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int dti_probe(struct device *dev, unsigned int irq);

struct dti_priv {
	spinlock_t lock;
	struct mutex cfg_mutex;
	void *captured;
	void *cfg;
	void *big;
};

static void dti_capture(struct dti_priv *p)
{
	void *cap;

	cap = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!cap)
		return;
	spin_lock(&p->lock);
	swap(cap, p->captured);
	spin_unlock(&p->lock);
	kfree(cap);
}

static irqreturn_t dti_hardirq(int irq, void *data)
{
	struct dti_priv *p = data;

	dti_capture(p);
	return IRQ_WAKE_THREAD;
}

static int dti_apply(struct dti_priv *p)
{
	void *cfg, *big;

	cfg = kzalloc(256, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	big = vzalloc(65536);
	if (!big) {
		kfree(cfg);
		return -ENOMEM;
	}
	swap(cfg, p->cfg);
	swap(big, p->big);
	kfree(cfg);
	vfree(big);
	return 0;
}

static irqreturn_t dti_threadfn(int irq, void *data)
{
	struct dti_priv *p = data;
	int ret;

	mutex_lock(&p->cfg_mutex);
	ret = dti_apply(p);
	mutex_unlock(&p->cfg_mutex);
	return ret ? IRQ_NONE : IRQ_HANDLED;
}

int dti_probe(struct device *dev, unsigned int irq)
{
	struct dti_priv *p;

	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	spin_lock_init(&p->lock);
	mutex_init(&p->cfg_mutex);
	dev_set_drvdata(dev, p);
	return devm_request_threaded_irq(dev, irq, dti_hardirq, dti_threadfn, IRQF_ONESHOT, "dti", p);
}

MODULE_DESCRIPTION("gfpcheck test: devm_request_threaded_irq primary vs thread_fn");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_devm_threaded.c:34:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_devm_threaded.c:91: note: dti_hardirq() registered by devm_request_threaded_irq() here: runs in hard-IRQ context (in dti_probe)
 * inter/irq_devm_threaded.c:47: note: calls dti_capture() (in dti_hardirq)
 * inter/irq_devm_threaded.c:34: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in dti_capture)
 * check-output-end
 */
