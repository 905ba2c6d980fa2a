// SPDX-License-Identifier: GPL-2.0
/*
 * ops_object_flow: a call through a field of an ops table reaches what
 * the table that flows there holds, not every function stored in a field
 * of that name (issue 10, item 3).
 *  - oo_quick_caller passes &oo_quick_ops to oo_run() under a spinlock:
 *    ops->act() there is oo_act_quick(), which allocates with GFP_ATOMIC.
 *    oo_act_sleepy(), stored in the same field of another table, is not
 *    reported: only oo_sleepy_caller, which holds no lock, passes that one.
 *  - oo_twice_caller passes &oo_quick_ops through two parameters
 *    (oo_run_twice() → oo_run()) under the lock: nothing either.
 *  - oo_direct_caller calls oo_direct_ops.act() and oo_quick_ops.act() on
 *    the tables themselves under the lock: only oo_act_direct() is
 *    reported, through the first call.
 *  - oo_wide_caller passes &oo_wide_ops_9 to oo_run_wide(), whose
 *    wide->run() nine functions implement: more than the indirect-fanout
 *    limit, which stops a call resolved by field alone (fnptr_wide_field.c);
 *    the table is known, so its one function, oo_wide_9(), is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct oo_ops {
	void (*act)(void **slot);
};

struct oo_wide_ops {
	void (*run)(void **slot);
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void oo_quick_caller(void **slot);
void oo_sleepy_caller(void **slot);
void oo_twice_caller(void **slot);
void oo_direct_caller(void **slot);
void oo_wide_caller(void **slot);

static DEFINE_SPINLOCK(oo_lock);

static void oo_act_sleepy(void **slot)
{
	*slot = kmalloc(128, GFP_KERNEL);
}

static void oo_act_direct(void **slot)
{
	*slot = kmalloc(256, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "oo_direct_caller: calls oo_act_direct() through oo_ops.act" */
}

static void oo_act_quick(void **slot)
{
	*slot = kmalloc(128, GFP_ATOMIC);
}

static const struct oo_ops oo_sleepy_ops = { .act = oo_act_sleepy };
static const struct oo_ops oo_quick_ops = { .act = oo_act_quick };
static const struct oo_ops oo_direct_ops = { .act = oo_act_direct };

static void oo_run(const struct oo_ops *ops, void **slot)
{
	ops->act(slot);
}

static void oo_run_twice(const struct oo_ops *ops, void **slot)
{
	oo_run(ops, slot);
}

void oo_quick_caller(void **slot)
{
	spin_lock(&oo_lock);
	oo_run(&oo_quick_ops, slot);
	spin_unlock(&oo_lock);
}

void oo_sleepy_caller(void **slot)
{
	oo_run(&oo_sleepy_ops, slot);
	oo_run(&oo_direct_ops, slot);
}

void oo_twice_caller(void **slot)
{
	spin_lock(&oo_lock);
	oo_run_twice(&oo_quick_ops, slot);
	spin_unlock(&oo_lock);
}

void oo_direct_caller(void **slot)
{
	spin_lock(&oo_lock);
	oo_direct_ops.act(slot);
	oo_quick_ops.act(slot);
	spin_unlock(&oo_lock);
}

#define OO_WIDE(n) \
	static void oo_wide_##n(void **slot) \
	{ \
		*slot = kmalloc(32 * (n), GFP_KERNEL); \
	} \
	static const struct oo_wide_ops oo_wide_ops_##n = { .run = oo_wide_##n }

OO_WIDE(1);
OO_WIDE(2);
OO_WIDE(3);
OO_WIDE(4);
OO_WIDE(5);
OO_WIDE(6);
OO_WIDE(7);
OO_WIDE(8);

static void oo_wide_9(void **slot)
{
	*slot = kzalloc(512, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "oo_run_wide: calls oo_wide_9() through oo_wide_ops.run" */
}

static const struct oo_wide_ops oo_wide_ops_9 = { .run = oo_wide_9 };

/* every table is used, so that the compiler keeps them all */
const struct oo_wide_ops *oo_wide_tables[] = {
	&oo_wide_ops_1, &oo_wide_ops_2, &oo_wide_ops_3, &oo_wide_ops_4, &oo_wide_ops_5,
	&oo_wide_ops_6, &oo_wide_ops_7, &oo_wide_ops_8, &oo_wide_ops_9,
};

static void oo_run_wide(const struct oo_wide_ops *wide, void **slot)
{
	wide->run(slot);
}

void oo_wide_caller(void **slot)
{
	spin_lock(&oo_lock);
	oo_run_wide(&oo_wide_ops_9, slot);
	spin_unlock(&oo_lock);
}

MODULE_DESCRIPTION("gfpcheck test: calls through the ops table that flows there");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/ops_object_flow.c:48:10: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/ops_object_flow.c:92: note: spin_lock(&oo_lock): spinlock held from here (in oo_direct_caller)
 * inter/ops_object_flow.c:93: note: calls oo_act_direct() through oo_ops.act (initializer in inter/ops_object_flow.c) (in oo_direct_caller)
 * inter/ops_object_flow.c:48: note: kmalloc(256, GFP_KERNEL) may sleep (direct reclaim) (in oo_act_direct)
 * inter/ops_object_flow.c:116:10: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/ops_object_flow.c:134: note: spin_lock(&oo_lock): spinlock held from here (in oo_wide_caller)
 * inter/ops_object_flow.c:135: note: calls oo_run_wide() (in oo_wide_caller)
 * inter/ops_object_flow.c:129: note: calls oo_wide_9() through oo_wide_ops.run (initializer in inter/ops_object_flow.c) (in oo_run_wide)
 * inter/ops_object_flow.c:116: note: kzalloc(512, GFP_KERNEL) may sleep (direct reclaim) (in oo_wide_9)
 * check-output-end
 */
