// SPDX-License-Identifier: GPL-2.0
/*
 * repeated_call: a call that its caller made before with the same
 * arguments, and whose result it tested on every path, returns what it
 * returned then.  ext4's shape: ext4_read_block_bitmap_nowait() returns
 * unless `ext4_get_group_desc(sb, block_group, NULL)` gives a
 * descriptor, then takes ext4_lock_group(), and three calls down
 * ext4_mark_group_bitmap_corrupted() calls `ext4_get_group_desc(sb,
 * group, NULL)` again: its failure branch, ext4_error() (which may
 * sleep), is not taken for the group number that succeeded.
 *  - rca_read(): that shape, two calls down: not reported.
 *  - rcb_read(): the repeated call is given another group: reported.
 *  - rcc_read(): the first call's result is not tested: reported.
 *  - rcd_read(): the same call again under the lock, in the holder
 *    itself: not reported.
 *  - rce_read(): the first call is tested on one path only: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rc_fs {
	unsigned int groups;
	void *desc[8];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rca_read(struct rc_fs *fs, unsigned int group);
int rcb_read(struct rc_fs *fs, unsigned int group, unsigned int other);
int rcc_read(struct rc_fs *fs, unsigned int group);
int rcd_read(struct rc_fs *fs, unsigned int group);
int rce_read(struct rc_fs *fs, unsigned int group, bool check);

static DEFINE_SPINLOCK(rc_lock);

static noinline void *rca_get_desc(struct rc_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(64, GFP_KERNEL)); /* the error report */
		return NULL;
	}
	if (slot)
		*slot = &fs->desc[group];
	return fs->desc[group];
}

static noinline void rca_mark_corrupted(struct rc_fs *fs, unsigned int group)
{
	void *desc = rca_get_desc(fs, group, NULL);

	if (desc)
		fs->desc[group] = NULL;
}

static noinline int rca_init_bitmap(struct rc_fs *fs, void *desc,
				    unsigned int group)
{
	if (desc == fs->desc[0])
		rca_mark_corrupted(fs, group);
	return 0;
}

int rca_read(struct rc_fs *fs, unsigned int group)
{
	void *desc;
	int err;

	desc = rca_get_desc(fs, group, NULL);
	if (!desc)
		return -EIO;
	spin_lock(&rc_lock);
	err = rca_init_bitmap(fs, desc, group);
	spin_unlock(&rc_lock);
	return err;
}

static noinline void *rcb_get_desc(struct rc_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(65, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rcb_read: calls rcb_mark_corrupted()" */
		return NULL;
	}
	if (slot)
		*slot = &fs->desc[group];
	return fs->desc[group];
}

static noinline void rcb_mark_corrupted(struct rc_fs *fs, unsigned int group)
{
	void *desc = rcb_get_desc(fs, group, NULL);

	if (desc)
		fs->desc[group] = NULL;
}

int rcb_read(struct rc_fs *fs, unsigned int group, unsigned int other)
{
	void *desc;

	desc = rcb_get_desc(fs, group, NULL);
	if (!desc)
		return -EIO;
	spin_lock(&rc_lock);
	rcb_mark_corrupted(fs, other);
	spin_unlock(&rc_lock);
	return 0;
}

static noinline void *rcc_get_desc(struct rc_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(66, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rcc_read: calls rcc_mark_corrupted()" */
		return NULL;
	}
	if (slot)
		*slot = &fs->desc[group];
	return fs->desc[group];
}

static noinline void rcc_mark_corrupted(struct rc_fs *fs, unsigned int group)
{
	void *desc = rcc_get_desc(fs, group, NULL);

	if (desc)
		fs->desc[group] = NULL;
}

int rcc_read(struct rc_fs *fs, unsigned int group)
{
	void *desc;

	desc = rcc_get_desc(fs, group, NULL);
	spin_lock(&rc_lock);
	rcc_mark_corrupted(fs, group);
	spin_unlock(&rc_lock);
	return desc ? 0 : -EIO;
}

static noinline void *rcd_get_desc(struct rc_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(67, GFP_KERNEL));
		return NULL;
	}
	if (slot)
		*slot = &fs->desc[group];
	return fs->desc[group];
}

int rcd_read(struct rc_fs *fs, unsigned int group)
{
	void *desc;

	if (!rcd_get_desc(fs, group, NULL))
		return -EIO;
	spin_lock(&rc_lock);
	desc = rcd_get_desc(fs, group, NULL);
	spin_unlock(&rc_lock);
	return desc ? 0 : -EIO;
}

static noinline void *rce_get_desc(struct rc_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(68, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rce_read: calls rce_mark_corrupted()" */
		return NULL;
	}
	if (slot)
		*slot = &fs->desc[group];
	return fs->desc[group];
}

static noinline void rce_mark_corrupted(struct rc_fs *fs, unsigned int group)
{
	void *desc = rce_get_desc(fs, group, NULL);

	if (desc)
		fs->desc[group] = NULL;
}

int rce_read(struct rc_fs *fs, unsigned int group, bool check)
{
	if (check && !rce_get_desc(fs, group, NULL))
		return -EIO;
	spin_lock(&rc_lock);
	rce_mark_corrupted(fs, group);
	spin_unlock(&rc_lock);
	return 0;
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/repeated_call.c:82:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_call.c:105: note: spin_lock(&rc_lock): spinlock held from here (in rcb_read)
 * inter/repeated_call.c:106: note: calls rcb_mark_corrupted() (in rcb_read)
 * inter/repeated_call.c:92: note: calls rcb_get_desc() (in rcb_mark_corrupted)
 * inter/repeated_call.c:82: note: kmalloc(65, GFP_KERNEL) may sleep (direct reclaim) (in rcb_get_desc)
 * inter/repeated_call.c:115:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_call.c:136: note: spin_lock(&rc_lock): spinlock held from here (in rcc_read)
 * inter/repeated_call.c:137: note: calls rcc_mark_corrupted() (in rcc_read)
 * inter/repeated_call.c:125: note: calls rcc_get_desc() (in rcc_mark_corrupted)
 * inter/repeated_call.c:115: note: kmalloc(66, GFP_KERNEL) may sleep (direct reclaim) (in rcc_get_desc)
 * inter/repeated_call.c:170:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_call.c:190: note: spin_lock(&rc_lock): spinlock held from here (in rce_read)
 * inter/repeated_call.c:191: note: calls rce_mark_corrupted() (in rce_read)
 * inter/repeated_call.c:180: note: calls rce_get_desc() (in rce_mark_corrupted)
 * inter/repeated_call.c:170: note: kmalloc(68, GFP_KERNEL) may sleep (direct reclaim) (in rce_get_desc)
 * check-output-end
 */
