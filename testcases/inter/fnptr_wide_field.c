// SPDX-License-Identifier: GPL-2.0
/*
 * fnptr_wide_field: a call through a struct field that many functions are
 * stored in does not carry its caller's atomic context into all of them
 * (rules/contexts.rules: indirect-fanout limit max=8).  The call does not
 * show which object, hence which implementation, flows there; one atomic
 * caller of a widely shared operation must not make every implementation
 * atomic.
 *  - wf_wide_caller calls wf_ops.run, which nine functions implement,
 *    under a spinlock: none of them is reported.
 *  - wf_narrow_caller calls wf_small_ops.run, which two functions
 *    implement, under the same lock: both are reported, with the chain.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct wf_ops {
	void (*run)(void **slot);
};

struct wf_small_ops {
	void (*run)(void **slot);
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void wf_wide_caller(const struct wf_ops *ops, void **slot);
void wf_narrow_caller(const struct wf_small_ops *ops, void **slot);

static DEFINE_SPINLOCK(wf_lock);

#define WF_IMPL(n) \
	static void wf_run_##n(void **slot) \
	{ \
		*slot = kmalloc(32 * (n), GFP_KERNEL); \
	} \
	const struct wf_ops wf_ops_##n = { .run = wf_run_##n }

WF_IMPL(1);
WF_IMPL(2);
WF_IMPL(3);
WF_IMPL(4);
WF_IMPL(5);
WF_IMPL(6);
WF_IMPL(7);
WF_IMPL(8);
WF_IMPL(9);

void wf_wide_caller(const struct wf_ops *ops, void **slot)
{
	spin_lock(&wf_lock);
	ops->run(slot);
	spin_unlock(&wf_lock);
}

static void wf_small_a(void **slot)
{
	*slot = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "wf_narrow_caller: calls wf_small_a() through wf_small_ops.run" */
}

static void wf_small_b(void **slot)
{
	*slot = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "wf_narrow_caller: calls wf_small_b() through wf_small_ops.run" */
}

const struct wf_small_ops wf_small_a_ops = { .run = wf_small_a };
const struct wf_small_ops wf_small_b_ops = { .run = wf_small_b };

void wf_narrow_caller(const struct wf_small_ops *ops, void **slot)
{
	spin_lock(&wf_lock);
	ops->run(slot);
	spin_unlock(&wf_lock);
}

MODULE_DESCRIPTION("gfpcheck test: calls through widely shared fields");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/fnptr_wide_field.c:58:10: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_wide_field.c:71: note: spin_lock(&wf_lock): spinlock held from here (in wf_narrow_caller)
 * inter/fnptr_wide_field.c:72: note: calls wf_small_a() through wf_small_ops.run (initializer in inter/fnptr_wide_field.c) (in wf_narrow_caller)
 * inter/fnptr_wide_field.c:58: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in wf_small_a)
 * inter/fnptr_wide_field.c:63:10: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_wide_field.c:71: note: spin_lock(&wf_lock): spinlock held from here (in wf_narrow_caller)
 * inter/fnptr_wide_field.c:72: note: calls wf_small_b() through wf_small_ops.run (initializer in inter/fnptr_wide_field.c) (in wf_narrow_caller)
 * inter/fnptr_wide_field.c:63: note: kzalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in wf_small_b)
 * check-output-end
 */
