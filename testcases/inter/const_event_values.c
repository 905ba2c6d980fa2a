// SPDX-License-Identifier: GPL-2.0
/*
 * const_event_values: a parameter compared with a constant (`event ==
 * CEV_REGISTER`, `mode != CEV_MODE_FAST`, `case CEV_UP:` of `switch
 * (event)`) takes only the branches the caller's named constant allows,
 * also across a raw notifier chain: raw_notifier_call_chain(&chain, val,
 * v) gives its `val` to each callback's action parameter
 * (rules/contexts.rules: passes=1).  net/core/dev.c __dev_notify_flags()
 * calls the netdev chain with NETDEV_UP, NETDEV_DOWN or NETDEV_CHANGE
 * inside packet_notifier()'s rcu_read_lock(); inetdev_event() calls
 * inetdev_init(), which allocates, only for NETDEV_REGISTER and
 * NETDEV_CHANGEMTU, and addrconf_notify() switches on the event.
 *  - cev_flags_changed(): in an RCU read-side section, calls the chain
 *    with CEV_CHANGE through cev_call_chain(), which passes its parameter
 *    on (call_netdevice_notifiers_info()): the CEV_REGISTER and
 *    CEV_CHANGEMTU branches of cev_inet_event() and the `case
 *    CEV_REGISTER:` of cev_addr_event() are not reported from it; the
 *    `case CEV_UP: case CEV_CHANGE:` allocation is.
 *  - cev_register_locked(): the same chain with CEV_REGISTER under a
 *    spinlock: the two CEV_REGISTER allocations are reported.
 *  - cev_fast_locked() passes CEV_MODE_FAST to cev_set_mode(), whose
 *    allocation runs only `if (mode != CEV_MODE_FAST)`: not reported from
 *    it; cev_slow_locked() passes CEV_MODE_SLOW: reported.
 *  - cev_range_locked(): a GNU case range and `default:` are entered for
 *    any value: reported.
 */
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

enum cev_event {
	CEV_UP = 1,
	CEV_DOWN,
	CEV_CHANGE,
	CEV_REGISTER,
	CEV_CHANGEMTU,
};

#define CEV_MODE_SLOW 0x10
#define CEV_MODE_FAST 0x20

struct cev_dev {
	void *in, *addr, *stats, *buf, *spare;
};

static RAW_NOTIFIER_HEAD(cev_chain);
static DEFINE_SPINLOCK(cev_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cev_flags_changed(struct cev_dev *dev);
void cev_register_locked(struct cev_dev *dev);
void cev_fast_locked(struct cev_dev *dev);
void cev_slow_locked(struct cev_dev *dev);
void cev_range_locked(struct cev_dev *dev);

/* inetdev_event() */
static int cev_inet_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct cev_dev *dev = ptr;

	if (!dev->in) {
		if (event == CEV_REGISTER)
			dev->in = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cev_register_locked: spin_lock(&cev_lock): spinlock held from here" */
		else if (event == CEV_CHANGEMTU)
			dev->in = kzalloc(128, GFP_KERNEL);
	}
	return NOTIFY_DONE;
}

/* addrconf_notify() */
static int cev_addr_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct cev_dev *dev = ptr;

	switch (event) {
	case CEV_REGISTER:
		dev->addr = kzalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cev_register_locked: spin_lock(&cev_lock): spinlock held from here" */
		break;
	case CEV_UP:
	case CEV_CHANGE:
		dev->stats = kzalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "cev_flags_changed: rcu_read_lock(): RCU read-side critical section from here" */
		break;
	default:
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block cev_inet_nb = { .notifier_call = cev_inet_event };
static struct notifier_block cev_addr_nb = { .notifier_call = cev_addr_event };

/* call_netdevice_notifiers_info(): the event is its parameter */
static noinline int cev_call_chain(unsigned long val, struct cev_dev *dev)
{
	return raw_notifier_call_chain(&cev_chain, val, dev);
}

/* __dev_notify_flags() inside packet_notifier()'s rcu_read_lock() */
void cev_flags_changed(struct cev_dev *dev)
{
	rcu_read_lock();
	cev_call_chain(CEV_CHANGE, dev);
	rcu_read_unlock();
}

void cev_register_locked(struct cev_dev *dev)
{
	spin_lock(&cev_lock);
	cev_call_chain(CEV_REGISTER, dev);
	spin_unlock(&cev_lock);
}

static noinline void cev_set_mode(struct cev_dev *dev, unsigned int mode)
{
	if (mode != CEV_MODE_FAST)
		dev->buf = kmalloc(256, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cev_slow_locked: spin_lock_irq(&cev_lock): spinlock held from here" */
}

void cev_fast_locked(struct cev_dev *dev)
{
	spin_lock_irq(&cev_lock);
	cev_set_mode(dev, CEV_MODE_FAST);
	spin_unlock_irq(&cev_lock);
}

void cev_slow_locked(struct cev_dev *dev)
{
	spin_lock_irq(&cev_lock);
	cev_set_mode(dev, CEV_MODE_SLOW);
	spin_unlock_irq(&cev_lock);
}

static noinline void cev_range(struct cev_dev *dev, int event)
{
	switch (event) {
	case CEV_UP ... CEV_CHANGE:
		dev->spare = kmalloc(24, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cev_range_locked: spin_lock(&cev_lock): spinlock held from here" */
		break;
	default:
		kfree(dev->spare);
		dev->spare = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cev_range_locked: spin_lock(&cev_lock): spinlock held from here" */
		break;
	}
}

void cev_range_locked(struct cev_dev *dev)
{
	spin_lock(&cev_lock);
	cev_range(dev, CEV_DOWN);
	spin_unlock(&cev_lock);
}

static int __init cev_init(void)
{
	raw_notifier_chain_register(&cev_chain, &cev_inet_nb);
	raw_notifier_chain_register(&cev_chain, &cev_addr_nb);
	return 0;
}

static void __exit cev_exit(void)
{
	raw_notifier_chain_unregister(&cev_chain, &cev_inet_nb);
	raw_notifier_chain_unregister(&cev_chain, &cev_addr_nb);
}

module_init(cev_init);
module_exit(cev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: parameters compared with constants");

/*
 * check-output-start
 * inter/const_event_values.c:65:14: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_event_values.c:110: note: spin_lock(&cev_lock): spinlock held from here (in cev_register_locked)
 * inter/const_event_values.c:111: note: calls cev_call_chain() (in cev_register_locked)
 * inter/const_event_values.c:97: note: calls cev_inet_event() registered on chain cev_chain by raw_notifier_chain_register() in inter/const_event_values.c (in cev_call_chain)
 * inter/const_event_values.c:65: note: kzalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in cev_inet_event)
 * inter/const_event_values.c:79:15: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_event_values.c:110: note: spin_lock(&cev_lock): spinlock held from here (in cev_register_locked)
 * inter/const_event_values.c:111: note: calls cev_call_chain() (in cev_register_locked)
 * inter/const_event_values.c:97: note: calls cev_addr_event() registered on chain cev_chain by raw_notifier_chain_register() in inter/const_event_values.c (in cev_call_chain)
 * inter/const_event_values.c:79: note: kzalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in cev_addr_event)
 * inter/const_event_values.c:83:16: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/const_event_values.c:103: note: rcu_read_lock(): RCU read-side critical section from here (in cev_flags_changed)
 * inter/const_event_values.c:104: note: calls cev_call_chain() (in cev_flags_changed)
 * inter/const_event_values.c:97: note: calls cev_addr_event() registered on chain cev_chain by raw_notifier_chain_register() in inter/const_event_values.c (in cev_call_chain)
 * inter/const_event_values.c:83: note: kzalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in cev_addr_event)
 * inter/const_event_values.c:118:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_event_values.c:130: note: spin_lock_irq(&cev_lock): spinlock held from here (in cev_slow_locked)
 * inter/const_event_values.c:131: note: calls cev_set_mode() (in cev_slow_locked)
 * inter/const_event_values.c:118: note: kmalloc(256, GFP_KERNEL) may sleep (direct reclaim) (in cev_set_mode)
 * inter/const_event_values.c:139:16: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_event_values.c:150: note: spin_lock(&cev_lock): spinlock held from here (in cev_range_locked)
 * inter/const_event_values.c:151: note: calls cev_range() (in cev_range_locked)
 * inter/const_event_values.c:139: note: kmalloc(24, GFP_KERNEL) may sleep (direct reclaim) (in cev_range)
 * inter/const_event_values.c:143:16: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_event_values.c:150: note: spin_lock(&cev_lock): spinlock held from here (in cev_range_locked)
 * inter/const_event_values.c:151: note: calls cev_range() (in cev_range_locked)
 * inter/const_event_values.c:143: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in cev_range)
 * check-output-end
 */
