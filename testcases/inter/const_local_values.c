// SPDX-License-Identifier: GPL-2.0
/*
 * const_local_values: a local variable initialised with a constant keeps
 * it on every path that never writes it, and a test its initial value
 * decides takes one branch there.  With a caller's constant argument
 * pruning the branch that writes it, the test after it is decided too:
 * drivers/usb/core/hub.c usb_set_device_state() sets `int wakeup = -1`
 * only where `new_state != USB_STATE_NOTATTACHED`, and calls
 * device_set_wakeup_capable() (which allocates) only `if (wakeup >= 0)`;
 * usb_hc_died() passes USB_STATE_NOTATTACHED under a spinlock.
 *  - clv_died(): passes CLV_NOTATTACHED under a spinlock: wakeup stays
 *    -1, clv_set_wakeup() is not reached, nothing reported.
 *  - clv_configure_locked(): passes CLV_CONFIGURED under the same lock:
 *    reported through clv_set_wakeup().
 *  - clv_poll_locked(): `bool grown = false; if (deep) { ...; grown =
 *    true; } if (grown) clv_grow(dev);` called with deep = false: not
 *    reported; clv_poll_deep_locked() passes true: reported.
 *  - clv_refill_locked(): the variable's address is passed to a helper
 *    that may set it: its value is not known, the allocation after
 *    `if (got > 0)` is reported although the caller's constant decides
 *    another test of that function.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

enum clv_state {
	CLV_NOTATTACHED = 0,
	CLV_ATTACHED,
	CLV_CONFIGURED,
};

struct clv_dev {
	enum clv_state state;
	struct clv_dev *parent;
	void *wakeup_src, *pool;
	int count;
};

static DEFINE_SPINLOCK(clv_state_lock);
static DEFINE_SPINLOCK(clv_hcd_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void clv_died(struct clv_dev *dev);
void clv_configure_locked(struct clv_dev *dev);
void clv_poll_locked(struct clv_dev *dev);
void clv_poll_deep_locked(struct clv_dev *dev);
void clv_refill_locked(struct clv_dev *dev);

/* device_set_wakeup_capable() -> device_wakeup_enable(): allocates */
static noinline void clv_set_wakeup(struct clv_dev *dev, int wakeup)
{
	if (wakeup)
		dev->wakeup_src = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "clv_configure_locked: spin_lock_irqsave(&clv_hcd_lock, flags): spinlock held from here" */
}

static noinline void clv_mark_gone(struct clv_dev *dev)
{
	dev->state = CLV_NOTATTACHED;
}

/* usb_set_device_state() */
static noinline void clv_set_state(struct clv_dev *dev, enum clv_state new_state)
{
	unsigned long flags;
	int wakeup = -1;

	spin_lock_irqsave(&clv_state_lock, flags);
	if (dev->state == CLV_NOTATTACHED)
		;	/* do nothing */
	else if (new_state != CLV_NOTATTACHED) {
		if (dev->parent)
			wakeup = new_state == CLV_CONFIGURED;
		dev->state = new_state;
	} else {
		clv_mark_gone(dev);
	}
	spin_unlock_irqrestore(&clv_state_lock, flags);
	if (wakeup >= 0)
		clv_set_wakeup(dev, wakeup);
}

/* usb_hc_died() */
void clv_died(struct clv_dev *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&clv_hcd_lock, flags);
	clv_set_state(dev, CLV_NOTATTACHED);
	spin_unlock_irqrestore(&clv_hcd_lock, flags);
}

void clv_configure_locked(struct clv_dev *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&clv_hcd_lock, flags);
	clv_set_state(dev, CLV_CONFIGURED);
	spin_unlock_irqrestore(&clv_hcd_lock, flags);
}

static noinline void clv_grow(struct clv_dev *dev)
{
	dev->pool = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "clv_poll_deep_locked: spin_lock(&clv_hcd_lock): spinlock held from here" */
}

static noinline void clv_poll(struct clv_dev *dev, bool deep)
{
	bool grown = false;

	dev->count++;
	if (deep) {
		dev->count += 2;
		grown = true;
	}
	if (grown)
		clv_grow(dev);
}

void clv_poll_locked(struct clv_dev *dev)
{
	spin_lock(&clv_hcd_lock);
	clv_poll(dev, false);
	spin_unlock(&clv_hcd_lock);
}

void clv_poll_deep_locked(struct clv_dev *dev)
{
	spin_lock(&clv_hcd_lock);
	clv_poll(dev, true);
	spin_unlock(&clv_hcd_lock);
}

static noinline void clv_count_into(struct clv_dev *dev, int *got)
{
	*got = dev->count;
}

static noinline void clv_refill(struct clv_dev *dev, bool verbose)
{
	void *spare;
	int got = 0;

	clv_count_into(dev, &got);
	if (verbose)
		pr_info("clv: %d\n", got);
	if (got > 0) {
		spare = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "clv_refill_locked: spin_lock(&clv_hcd_lock): spinlock held from here" */
		kfree(dev->pool);
		dev->pool = spare;
	}
}

void clv_refill_locked(struct clv_dev *dev)
{
	spin_lock(&clv_hcd_lock);
	clv_refill(dev, false);
	spin_unlock(&clv_hcd_lock);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: locals that keep their initial constant");

/*
 * check-output-start
 * inter/const_local_values.c:54:21: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_local_values.c:97: note: spin_lock_irqsave(&clv_hcd_lock, flags): spinlock held from here (in clv_configure_locked)
 * inter/const_local_values.c:98: note: calls clv_set_state() (in clv_configure_locked)
 * inter/const_local_values.c:80: note: calls clv_set_wakeup() (in clv_set_state)
 * inter/const_local_values.c:54: note: kzalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in clv_set_wakeup)
 * inter/const_local_values.c:104:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_local_values.c:129: note: spin_lock(&clv_hcd_lock): spinlock held from here (in clv_poll_deep_locked)
 * inter/const_local_values.c:130: note: calls clv_poll() (in clv_poll_deep_locked)
 * inter/const_local_values.c:117: note: calls clv_grow() (in clv_poll)
 * inter/const_local_values.c:104: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in clv_grow)
 * inter/const_local_values.c:148:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_local_values.c:156: note: spin_lock(&clv_hcd_lock): spinlock held from here (in clv_refill_locked)
 * inter/const_local_values.c:157: note: calls clv_refill() (in clv_refill_locked)
 * inter/const_local_values.c:148: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in clv_refill)
 * check-output-end
 */
