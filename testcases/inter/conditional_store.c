// SPDX-License-Identifier: GPL-2.0
/*
 * conditional_store: a function stored in a struct field through `?:`
 * is called through that field.  The kernel's PM tables store their
 * callbacks so: SYSTEM_SLEEP_PM_OPS() gives `.suspend =
 * pm_sleep_ptr(suspend_fn)`, which is `IS_ENABLED(CONFIG_PM_SLEEP) ?
 * (suspend_fn) : NULL`.  A constant condition stores only the arm it
 * chooses.
 *  - csa_op(), stored by pm_sleep_ptr() in an initialiser and called
 *    through the field under a spinlock: reported.
 *  - csb_op(), in the arm a constant false condition leaves: never
 *    stored, not reported.
 *  - csc_op(), stored by an assignment of `cond ? fn : NULL`: reported.
 */
#include <linux/kconfig.h>
#include <linux/module.h>
#include <linux/pm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct csa_ops {
	int (*op)(void);
};

struct csb_ops {
	int (*op)(void);
};

struct csc_ops {
	int (*op)(void);
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int csa_run(const struct csa_ops *ops);
int csb_run(const struct csb_ops *ops);
int csc_run(struct csc_ops *ops, int on);

static DEFINE_SPINLOCK(cs_lock);

static int csa_op(void)
{
	void *p = kzalloc(80, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "csa_run: calls csa_op() through csa_ops.op" */

	kfree(p);
	return 0;
}

const struct csa_ops csa_table = { .op = pm_sleep_ptr(csa_op) };

int csa_run(const struct csa_ops *ops)
{
	int ret = 0;

	spin_lock(&cs_lock);
	if (ops->op)
		ret = ops->op();
	spin_unlock(&cs_lock);
	return ret;
}

static int csb_op(void)
{
	void *p = kzalloc(81, GFP_KERNEL);

	kfree(p);
	return 0;
}

const struct csb_ops csb_table = {
	.op = IS_ENABLED(CONFIG_GFPCHECK_NEVER_SET) ? csb_op : NULL
};

int csb_run(const struct csb_ops *ops)
{
	int ret = 0;

	spin_lock(&cs_lock);
	if (ops->op)
		ret = ops->op();
	spin_unlock(&cs_lock);
	return ret;
}

static int csc_op(void)
{
	void *p = kzalloc(82, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "csc_run: calls csc_op() through csc_ops.op" */

	kfree(p);
	return 0;
}

int csc_run(struct csc_ops *ops, int on)
{
	int ret = 0;

	ops->op = on ? csc_op : NULL;
	spin_lock(&cs_lock);
	if (ops->op)
		ret = ops->op();
	spin_unlock(&cs_lock);
	return ret;
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/conditional_store.c:42:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/conditional_store.c:54: note: spin_lock(&cs_lock): spinlock held from here (in csa_run)
 * inter/conditional_store.c:56: note: calls csa_op() through csa_ops.op (initializer in inter/conditional_store.c) (in csa_run)
 * inter/conditional_store.c:42: note: kzalloc(80, GFP_KERNEL) may sleep (direct reclaim) (in csa_op)
 * inter/conditional_store.c:86:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/conditional_store.c:97: note: spin_lock(&cs_lock): spinlock held from here (in csc_run)
 * inter/conditional_store.c:99: note: calls csc_op() through csc_ops.op (assignment in inter/conditional_store.c) (in csc_run)
 * inter/conditional_store.c:86: note: kzalloc(82, GFP_KERNEL) may sleep (direct reclaim) (in csc_op)
 * check-output-end
 */
