// SPDX-License-Identifier: GPL-2.0
/*
 * in_atomic_test: gfp-in-atomic-test.  GFP flags chosen at run time with
 * in_atomic(), in_interrupt(), irqs_disabled() or preemptible(): these do
 * not see a spinlock held by the caller on every configuration.  Reported
 * at the test, when the condition selects a gfp_t value, returns one, or
 * chooses between allocations.  Context tests that do not choose flags,
 * and flag choices on other conditions, are not reported.
 */
#include <linux/module.h>
#include <linux/bug.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/slab.h>

struct iat_dev {
	void *buf;
	size_t len;
	bool atomic_path;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int iat_ternary(struct iat_dev *d);
int iat_if_assign(struct iat_dev *d);
gfp_t iat_get_gfp(void);
int iat_choose_alloc(struct iat_dev *d);
int iat_saved_test(struct iat_dev *d);
int iat_refuse(struct iat_dev *d);
int iat_warn(struct iat_dev *d);
int iat_other_condition(struct iat_dev *d);
void iat_log(struct iat_dev *d);
int iat_caller_flags(struct iat_dev *d, gfp_t gfp);

/* ---- reported ---- */

int iat_ternary(struct iat_dev *d)
{
	gfp_t gfp = in_atomic() ? GFP_ATOMIC : GFP_KERNEL; /* expect: gfp-in-atomic-test */

	d->buf = kmalloc(d->len, gfp);
	return d->buf ? 0 : -ENOMEM;
}

int iat_if_assign(struct iat_dev *d)
{
	gfp_t flags = GFP_KERNEL;

	if (in_interrupt()) /* expect: gfp-in-atomic-test */
		flags = GFP_ATOMIC;
	d->buf = kzalloc(d->len, flags);
	return d->buf ? 0 : -ENOMEM;
}

gfp_t iat_get_gfp(void)
{
	if (in_interrupt() || irqs_disabled()) /* expect: gfp-in-atomic-test */
		return GFP_ATOMIC;
	return GFP_KERNEL;
}

int iat_choose_alloc(struct iat_dev *d)
{
	if (preemptible()) /* expect: gfp-in-atomic-test */
		d->buf = kmalloc(d->len, GFP_KERNEL);
	else
		d->buf = kmalloc(d->len, GFP_ATOMIC);
	return d->buf ? 0 : -ENOMEM;
}

int iat_saved_test(struct iat_dev *d)
{
	bool atomic = in_atomic() || irqs_disabled();

	d->buf = kmalloc(d->len, atomic ? GFP_ATOMIC : GFP_KERNEL); /* expect: gfp-in-atomic-test */
	return d->buf ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int iat_refuse(struct iat_dev *d)
{
	if (in_interrupt())
		return -EBUSY;
	d->buf = kmalloc(d->len, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

int iat_warn(struct iat_dev *d)
{
	WARN_ON_ONCE(in_atomic());
	d->buf = kmalloc(d->len, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

int iat_other_condition(struct iat_dev *d)
{
	gfp_t gfp = d->atomic_path ? GFP_ATOMIC : GFP_KERNEL;

	d->buf = kmalloc(d->len, gfp);
	return d->buf ? 0 : -ENOMEM;
}

void iat_log(struct iat_dev *d)
{
	if (irqs_disabled())
		pr_warn("iat: called with IRQs off, len %zu\n", d->len);
}

int iat_caller_flags(struct iat_dev *d, gfp_t gfp)
{
	d->buf = kmalloc(d->len, gfp);
	return d->buf ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-in-atomic-test");
MODULE_LICENSE("GPL");
