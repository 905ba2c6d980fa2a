// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_forward_one_level: gf1_alloc and gf1_alloc_array take a gfp_t
 * parameter and allocate with it, so they are judged with the flags each
 * caller passes and the finding is at the caller's call of the wrapper
 * (never at the kmalloc/kcalloc inside the wrapper).
 *  - gf1_locked_bad: gf1_alloc(..., GFP_KERNEL) under spin_lock: reported
 *    at that call.
 *  - gf1_locked_ok: gf1_alloc(..., GFP_ATOMIC) under spin_lock: not
 *    reported.
 *  - gf1_unlocked: gf1_alloc(..., GFP_KERNEL) in process context: not
 *    reported.
 *  - gf1_rcu_bad: gf1_alloc_array(..., GFP_KERNEL) inside rcu_read_lock:
 *    reported at that call.
 *  - gf1_isr (hard-IRQ handler, request_irq) calls gf1_alloc with
 *    GFP_KERNEL (reported at the call) and with GFP_ATOMIC (not reported).
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gf1_dev {
	spinlock_t lock;
	void *a;
	void *b;
	void *c;
	u32 *arr;
	void *irq_a;
	void *irq_b;
	unsigned int n;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *gf1_alloc(size_t size, gfp_t gfp);
u32 *gf1_alloc_array(unsigned int n, gfp_t gfp);
int gf1_locked_bad(struct gf1_dev *d);
int gf1_locked_ok(struct gf1_dev *d);
int gf1_unlocked(struct gf1_dev *d);
int gf1_rcu_bad(struct gf1_dev *d);
int gf1_setup(struct gf1_dev *d, unsigned int irq);

void *gf1_alloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp);
}

u32 *gf1_alloc_array(unsigned int n, gfp_t gfp)
{
	return kcalloc(n, sizeof(u32), gfp);
}

static void gf1_put(void **slot, void *p)
{
	kfree(*slot);
	*slot = p;
}

int gf1_locked_bad(struct gf1_dev *d)
{
	void *p;

	spin_lock(&d->lock);
	p = gf1_alloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (p)
		gf1_put(&d->a, p);
	spin_unlock(&d->lock);
	return p ? 0 : -ENOMEM;
}

int gf1_locked_ok(struct gf1_dev *d)
{
	void *p;

	spin_lock(&d->lock);
	p = gf1_alloc(64, GFP_ATOMIC);
	if (p)
		gf1_put(&d->b, p);
	spin_unlock(&d->lock);
	return p ? 0 : -ENOMEM;
}

int gf1_unlocked(struct gf1_dev *d)
{
	void *p;

	p = gf1_alloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	spin_lock(&d->lock);
	gf1_put(&d->c, p);
	spin_unlock(&d->lock);
	return 0;
}

int gf1_rcu_bad(struct gf1_dev *d)
{
	u32 *arr;

	rcu_read_lock();
	arr = gf1_alloc_array(d->n, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	if (!arr)
		return -ENOMEM;
	kfree(d->arr);
	d->arr = arr;
	return 0;
}

static irqreturn_t gf1_isr(int irq, void *dev_id)
{
	struct gf1_dev *d = dev_id;
	void *p, *q;

	p = gf1_alloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	q = gf1_alloc(32, GFP_ATOMIC);
	spin_lock(&d->lock);
	if (p)
		gf1_put(&d->irq_a, p);
	if (q)
		gf1_put(&d->irq_b, q);
	spin_unlock(&d->lock);
	return IRQ_HANDLED;
}

int gf1_setup(struct gf1_dev *d, unsigned int irq)
{
	spin_lock_init(&d->lock);
	d->n = 16;
	return request_irq(irq, gf1_isr, 0, "gf1", d);
}

MODULE_DESCRIPTION("gfpcheck test: gfp_t forwarding wrappers, one level");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/gfp_forward_one_level.c:65:6: warning: gf1_alloc() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_forward_one_level.c:64: note: spin_lock(&d->lock): spinlock held from here (in gf1_locked_bad)
 * inter/gfp_forward_one_level.c:65: note: passes GFP_KERNEL to gf1_alloc() (in gf1_locked_bad)
 * inter/gfp_forward_one_level.c:46: note: kmalloc(size, gfp) allocates with the caller's mask (in gf1_alloc)
 * inter/gfp_forward_one_level.c:102:8: warning: gf1_alloc_array() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/gfp_forward_one_level.c:101: note: rcu_read_lock(): RCU read-side critical section from here (in gf1_rcu_bad)
 * inter/gfp_forward_one_level.c:102: note: passes GFP_KERNEL to gf1_alloc_array() (in gf1_rcu_bad)
 * inter/gfp_forward_one_level.c:51: note: kcalloc(n, sizeof(u32), gfp) allocates with the caller's mask (in gf1_alloc_array)
 * inter/gfp_forward_one_level.c:116:6: warning: gf1_alloc() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/gfp_forward_one_level.c:131: note: gf1_isr() registered by request_irq() here: runs in hard-IRQ context (in gf1_setup)
 * inter/gfp_forward_one_level.c:116: note: passes GFP_KERNEL to gf1_alloc() (in gf1_isr)
 * inter/gfp_forward_one_level.c:46: note: kmalloc(size, gfp) allocates with the caller's mask (in gf1_alloc)
 * check-output-end
 */
