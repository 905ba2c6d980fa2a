// SPDX-License-Identifier: GPL-2.0
/*
 * local_macro: allocations hidden in this file's own macros.  A macro has
 * no location of its own in the function: every token of an expansion is
 * placed at the line where the macro is invoked, so findings (and the
 * expect comments) are on the invocation line, not on the #define line.
 * LM_LOCKED_ALLOC is a do { } while (0) macro that takes the lock and
 * allocates with GFP_KERNEL: each invocation is reported.  LM_ALLOC only
 * allocates; it is reported where it is invoked under the lock and not
 * where it is invoked after the unlock (the same #define line serves both,
 * which is why the invocation line is the one that counts).  lm_zalloc()
 * is an expression macro wrapping kzalloc and behaves the same way.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lm_dev {
	spinlock_t lock;
	void *a;
	void *b;
	void *c;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void lm_locked_macro(struct lm_dev *d);
void lm_alloc_macro(struct lm_dev *d);
void lm_expression_macro(struct lm_dev *d);

#define LM_LOCKED_ALLOC(dev, ptr, size)				\
	do {							\
		spin_lock(&(dev)->lock);			\
		(ptr) = kmalloc((size), GFP_KERNEL);		\
		spin_unlock(&(dev)->lock);			\
	} while (0)

#define LM_ALLOC(ptr, size)					\
	do {							\
		(ptr) = kzalloc((size), GFP_KERNEL);		\
	} while (0)

#define lm_zalloc(size, gfp)	kzalloc((size), (gfp))

void lm_locked_macro(struct lm_dev *d)
{
	LM_LOCKED_ALLOC(d, d->a, 32); /* expect: gfp-sleep-in-atomic */
	LM_LOCKED_ALLOC(d, d->b, 64); /* expect: gfp-sleep-in-atomic */
}

void lm_alloc_macro(struct lm_dev *d)
{
	void *tmp;

	spin_lock(&d->lock);
	LM_ALLOC(d->a, 128); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	LM_ALLOC(tmp, 128);
	d->c = tmp;
}

void lm_expression_macro(struct lm_dev *d)
{
	spin_lock(&d->lock);
	d->a = lm_zalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->b = lm_zalloc(16, GFP_ATOMIC);
	spin_unlock(&d->lock);
	d->c = lm_zalloc(16, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: allocations inside local macros");
MODULE_LICENSE("GPL");
