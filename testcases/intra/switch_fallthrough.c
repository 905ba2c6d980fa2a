// SPDX-License-Identifier: GPL-2.0
/*
 * switch_fallthrough: lock state through a switch.  In sf_configure the
 * SHARED case takes the lock and falls through into PRIVATE, so the
 * allocation in PRIVATE is reached with the lock held on that path and is
 * reported; the allocation in the separate IRQ case is not.  In
 * sf_lock_in_case only one case takes the lock and breaks out, so the
 * allocation after the switch is reported.  In sf_balanced_cases every
 * case that locks also unlocks before the break, and the allocation after
 * the switch is not reported; the GFP_ATOMIC allocation inside a locked
 * case is not reported either.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

enum sf_mode { SF_MODE_SHARED, SF_MODE_PRIVATE, SF_MODE_IRQ };

struct sf_dev {
	spinlock_t lock;
	unsigned int shared_users;
	unsigned int irq_users;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int sf_configure(struct sf_dev *d, enum sf_mode mode, size_t size);
int sf_lock_in_case(struct sf_dev *d, enum sf_mode mode, size_t size);
int sf_balanced_cases(struct sf_dev *d, enum sf_mode mode, size_t size);

int sf_configure(struct sf_dev *d, enum sf_mode mode, size_t size)
{
	void *buf;

	switch (mode) {
	case SF_MODE_SHARED:
		spin_lock(&d->lock);
		d->shared_users++;
		fallthrough;
	case SF_MODE_PRIVATE:
		buf = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		break;
	case SF_MODE_IRQ:
		buf = kmalloc(size, GFP_KERNEL);
		break;
	default:
		return -EINVAL;
	}
	if (mode == SF_MODE_SHARED)
		spin_unlock(&d->lock);
	d->buf = buf;
	return buf ? 0 : -ENOMEM;
}

int sf_lock_in_case(struct sf_dev *d, enum sf_mode mode, size_t size)
{
	void *buf;

	switch (mode) {
	case SF_MODE_IRQ:
		spin_lock_irq(&d->lock);
		d->irq_users++;
		break;
	case SF_MODE_SHARED:
	case SF_MODE_PRIVATE:
		d->shared_users++;
		break;
	}
	buf = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (mode == SF_MODE_IRQ)
		spin_unlock_irq(&d->lock);
	kfree(buf);
	return 0;
}

int sf_balanced_cases(struct sf_dev *d, enum sf_mode mode, size_t size)
{
	void *buf = NULL;

	switch (mode) {
	case SF_MODE_IRQ:
		spin_lock_irq(&d->lock);
		d->irq_users++;
		buf = kzalloc(size, GFP_ATOMIC);
		spin_unlock_irq(&d->lock);
		break;
	case SF_MODE_SHARED:
		spin_lock(&d->lock);
		d->shared_users++;
		spin_unlock(&d->lock);
		break;
	default:
		break;
	}
	if (!buf)
		buf = kzalloc(size, GFP_KERNEL);
	d->buf = buf;
	return buf ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: switch with a lock taken in one case");
MODULE_LICENSE("GPL");
