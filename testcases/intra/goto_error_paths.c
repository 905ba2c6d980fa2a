// SPDX-License-Identifier: GPL-2.0
/*
 * goto_error_paths: kernel-style error unwinding with labels.  When the
 * code jumps to a label with the lock held and allocates there before the
 * unlock (gep_start's out_log label), the allocation is reported.  An
 * allocation placed after the unlock label (gep_stop's out_unlock) or in
 * the unwinding of gep_setup (every goto from the locked region lands on
 * err_unlock, which unlocks first) is not.  In gep_mixed_label one goto to
 * `report` comes from the locked region and one from before the lock, so
 * the allocation there is reported (may-analysis).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

enum gep_state { GEP_IDLE, GEP_RUNNING, GEP_STOPPED };

struct gep_dev {
	spinlock_t lock;
	enum gep_state state;
	void *ring;
	void *log;
	unsigned int errors;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gep_setup(struct gep_dev *d, size_t size);
int gep_start(struct gep_dev *d, size_t size);
int gep_stop(struct gep_dev *d, char **reason);
int gep_mixed_label(struct gep_dev *d, size_t size);

int gep_setup(struct gep_dev *d, size_t size)
{
	void *ring, *log;
	int ret;

	ring = kzalloc(size, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;

	spin_lock(&d->lock);
	if (d->state != GEP_IDLE) {
		ret = -EBUSY;
		goto err_unlock;
	}
	log = kzalloc(size, GFP_ATOMIC);
	if (!log) {
		ret = -ENOMEM;
		goto err_unlock;
	}
	d->ring = ring;
	d->log = log;
	d->state = GEP_RUNNING;
	spin_unlock(&d->lock);
	return 0;

err_unlock:
	spin_unlock(&d->lock);
	log = kasprintf(GFP_KERNEL, "setup failed: %d", ret);
	kfree(log);
	kfree(ring);
	return ret;
}

int gep_start(struct gep_dev *d, size_t size)
{
	char *msg;

	spin_lock(&d->lock);
	if (d->state != GEP_IDLE)
		goto out_log;
	d->state = GEP_RUNNING;
	spin_unlock(&d->lock);
	return 0;

out_log:
	msg = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->errors++;
	spin_unlock(&d->lock);
	kfree(msg);
	return -EBUSY;
}

int gep_stop(struct gep_dev *d, char **reason)
{
	int ret = 0;

	spin_lock(&d->lock);
	if (d->state != GEP_RUNNING) {
		ret = -EINVAL;
		goto out_unlock;
	}
	d->state = GEP_STOPPED;
out_unlock:
	spin_unlock(&d->lock);
	*reason = kstrdup(ret ? "not running" : "stopped", GFP_KERNEL);
	return ret;
}

int gep_mixed_label(struct gep_dev *d, size_t size)
{
	void *report_buf;

	if (!size)
		goto report;
	spin_lock(&d->lock);
	if (d->state == GEP_STOPPED)
		goto report;
	d->errors = 0;
	spin_unlock(&d->lock);
	return 0;

report:
	report_buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	kfree(report_buf);
	return -EINVAL;
}

MODULE_DESCRIPTION("gfpcheck test: goto error paths");
MODULE_LICENSE("GPL");
