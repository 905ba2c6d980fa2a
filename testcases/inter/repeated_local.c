// SPDX-License-Identifier: GPL-2.0
/*
 * repeated_local: a call made again with the same locals returns what it
 * returned then.  ext4's __ext4_new_inode() shape: in its loop over the
 * groups, `gdp = ext4_get_group_desc(sb, group, &group_desc_bh); if
 * (!gdp) goto out;` (`sb` and `group` locals, `gdp` initialised to NULL),
 * then ext4_lock_group() and find_inode_bit(sb, group, ...) →
 * recently_deleted(sb, group, ...) → `ext4_get_group_desc(sb, group,
 * NULL)`, whose failure branch (ext4_error(), which may sleep) is for a
 * group out of range.  Neither local is written between the two calls
 * (the loop's `++group` comes after the unlock; `&group` goes to a call
 * before the loop), and ext4_get_group_desc() only stores through its
 * third argument (`if (bh) *bh = bh_p;`), so the calls return alike.
 *  - rla_new(): that shape: not reported.
 *  - rlb_new(): the group is assigned between the test and the lock:
 *    reported.
 *  - rlc_new(): `&group` goes to a call between them: reported.
 *  - rld_new(): the group's address is kept in a pointer, and written
 *    through it between them: reported.
 *  - rle_new(): the lookup reads what its third argument points to:
 *    reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rl_fs {
	unsigned int groups;
	void *desc[8];
};

struct rl_dir {
	struct rl_fs *fs;
	unsigned int last;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rla_new(struct rl_dir *dir);
int rlb_new(struct rl_dir *dir);
int rlc_new(struct rl_dir *dir);
int rld_new(struct rl_dir *dir);
int rle_new(struct rl_dir *dir);

static DEFINE_SPINLOCK(rl_lock);

static noinline int rl_find_group(struct rl_dir *dir, unsigned int *group)
{
	*group = dir->last;
	return 0;
}

static noinline void *rla_get_desc(struct rl_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(80, GFP_KERNEL)); /* the error report */
		return NULL;
	}
	if (slot)
		*slot = fs->desc[group];
	return fs->desc[group];
}

static noinline int rla_recent(struct rl_fs *fs, unsigned int group)
{
	void *desc = rla_get_desc(fs, group, NULL);

	if (!desc)
		return 0;
	return desc == fs->desc[0];
}

static noinline int rla_find_bit(struct rl_fs *fs, unsigned int group,
				 unsigned long *bit)
{
	if (rla_recent(fs, group))
		return 0;
	*bit = group;
	return 1;
}

int rla_new(struct rl_dir *dir)
{
	struct rl_fs *fs;
	unsigned int group = 0, i;
	unsigned long bit;
	void *gdp = NULL, *slot;
	int ret;

	fs = dir->fs;
	rl_find_group(dir, &group);
	for (i = 0; i < fs->groups; i++) {
		gdp = rla_get_desc(fs, group, &slot);
		if (!gdp)
			goto out;
		spin_lock(&rl_lock);
		ret = rla_find_bit(fs, group, &bit);
		spin_unlock(&rl_lock);
		if (ret)
			return 0;
		if (++group == fs->groups)
			group = 0;
	}
out:
	return -ENOSPC;
}

static noinline void *rlb_get_desc(struct rl_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(81, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rlb_new: calls rlb_find_bit()" */
		return NULL;
	}
	if (slot)
		*slot = fs->desc[group];
	return fs->desc[group];
}

static noinline int rlb_recent(struct rl_fs *fs, unsigned int group)
{
	void *desc = rlb_get_desc(fs, group, NULL);

	if (!desc)
		return 0;
	return desc == fs->desc[0];
}

static noinline int rlb_find_bit(struct rl_fs *fs, unsigned int group,
				 unsigned long *bit)
{
	if (rlb_recent(fs, group))
		return 0;
	*bit = group;
	return 1;
}

int rlb_new(struct rl_dir *dir)
{
	struct rl_fs *fs;
	unsigned int group = 0, i;
	unsigned long bit;
	void *gdp = NULL, *slot;
	int ret;

	fs = dir->fs;
	for (i = 0; i < fs->groups; i++) {
		gdp = rlb_get_desc(fs, group, &slot);
		if (!gdp)
			goto out;
		group = dir->last;
		spin_lock(&rl_lock);
		ret = rlb_find_bit(fs, group, &bit);
		spin_unlock(&rl_lock);
		if (ret)
			return 0;
		if (++group == fs->groups)
			group = 0;
	}
out:
	return -ENOSPC;
}

static noinline void *rlc_get_desc(struct rl_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(82, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rlc_new: calls rlc_find_bit()" */
		return NULL;
	}
	if (slot)
		*slot = fs->desc[group];
	return fs->desc[group];
}

static noinline int rlc_recent(struct rl_fs *fs, unsigned int group)
{
	void *desc = rlc_get_desc(fs, group, NULL);

	if (!desc)
		return 0;
	return desc == fs->desc[0];
}

static noinline int rlc_find_bit(struct rl_fs *fs, unsigned int group,
				 unsigned long *bit)
{
	if (rlc_recent(fs, group))
		return 0;
	*bit = group;
	return 1;
}

int rlc_new(struct rl_dir *dir)
{
	struct rl_fs *fs;
	unsigned int group = 0, i;
	unsigned long bit;
	void *gdp = NULL, *slot;
	int ret;

	fs = dir->fs;
	for (i = 0; i < fs->groups; i++) {
		gdp = rlc_get_desc(fs, group, &slot);
		if (!gdp)
			goto out;
		rl_find_group(dir, &group);
		spin_lock(&rl_lock);
		ret = rlc_find_bit(fs, group, &bit);
		spin_unlock(&rl_lock);
		if (ret)
			return 0;
		if (++group == fs->groups)
			group = 0;
	}
out:
	return -ENOSPC;
}

static noinline void *rld_get_desc(struct rl_fs *fs, unsigned int group,
				   void **slot)
{
	if (group >= fs->groups) {
		kfree(kmalloc(83, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rld_new: calls rld_find_bit()" */
		return NULL;
	}
	if (slot)
		*slot = fs->desc[group];
	return fs->desc[group];
}

static noinline int rld_recent(struct rl_fs *fs, unsigned int group)
{
	void *desc = rld_get_desc(fs, group, NULL);

	if (!desc)
		return 0;
	return desc == fs->desc[0];
}

static noinline int rld_find_bit(struct rl_fs *fs, unsigned int group,
				 unsigned long *bit)
{
	if (rld_recent(fs, group))
		return 0;
	*bit = group;
	return 1;
}

int rld_new(struct rl_dir *dir)
{
	struct rl_fs *fs;
	unsigned int group = 0, i, *gp = &group;
	unsigned long bit;
	void *gdp = NULL, *slot;
	int ret;

	fs = dir->fs;
	for (i = 0; i < fs->groups; i++) {
		gdp = rld_get_desc(fs, group, &slot);
		if (!gdp)
			goto out;
		*gp = dir->last;
		spin_lock(&rl_lock);
		ret = rld_find_bit(fs, group, &bit);
		spin_unlock(&rl_lock);
		if (ret)
			return 0;
		if (++group == fs->groups)
			group = 0;
	}
out:
	return -ENOSPC;
}

static noinline void *rle_get_desc(struct rl_fs *fs, unsigned int group,
				   void **slot)
{
	if (slot && *slot)
		return *slot; /* the caller's descriptor, for any group */
	if (group >= fs->groups) {
		kfree(kmalloc(84, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rle_new: calls rle_find_bit()" */
		return NULL;
	}
	if (slot)
		*slot = fs->desc[group];
	return fs->desc[group];
}

static noinline int rle_recent(struct rl_fs *fs, unsigned int group)
{
	void *desc = rle_get_desc(fs, group, NULL);

	if (!desc)
		return 0;
	return desc == fs->desc[0];
}

static noinline int rle_find_bit(struct rl_fs *fs, unsigned int group,
				 unsigned long *bit)
{
	if (rle_recent(fs, group))
		return 0;
	*bit = group;
	return 1;
}

int rle_new(struct rl_dir *dir)
{
	struct rl_fs *fs;
	unsigned int group = 0, i;
	unsigned long bit;
	void *gdp = NULL, *slot = NULL;
	int ret;

	fs = dir->fs;
	for (i = 0; i < fs->groups; i++) {
		gdp = rle_get_desc(fs, group, &slot);
		if (!gdp)
			goto out;
		spin_lock(&rl_lock);
		ret = rle_find_bit(fs, group, &bit);
		spin_unlock(&rl_lock);
		if (ret)
			return 0;
		if (++group == fs->groups)
			group = 0;
	}
out:
	return -ENOSPC;
}

MODULE_LICENSE("GPL");

/*
 * Each chain from the lock to the lookup's error report, checked by hand
 * against the lines above (rla_new()'s is not there):
 * check-output-start
 * inter/repeated_local.c:112:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_local.c:152: note: spin_lock(&rl_lock): spinlock held from here (in rlb_new)
 * inter/repeated_local.c:153: note: calls rlb_find_bit() (in rlb_new)
 * inter/repeated_local.c:132: note: calls rlb_recent() (in rlb_find_bit)
 * inter/repeated_local.c:122: note: calls rlb_get_desc() (in rlb_recent)
 * inter/repeated_local.c:112: note: kmalloc(81, GFP_KERNEL) may sleep (direct reclaim) (in rlb_get_desc)
 * inter/repeated_local.c:168:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_local.c:208: note: spin_lock(&rl_lock): spinlock held from here (in rlc_new)
 * inter/repeated_local.c:209: note: calls rlc_find_bit() (in rlc_new)
 * inter/repeated_local.c:188: note: calls rlc_recent() (in rlc_find_bit)
 * inter/repeated_local.c:178: note: calls rlc_get_desc() (in rlc_recent)
 * inter/repeated_local.c:168: note: kmalloc(82, GFP_KERNEL) may sleep (direct reclaim) (in rlc_get_desc)
 * inter/repeated_local.c:224:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_local.c:264: note: spin_lock(&rl_lock): spinlock held from here (in rld_new)
 * inter/repeated_local.c:265: note: calls rld_find_bit() (in rld_new)
 * inter/repeated_local.c:244: note: calls rld_recent() (in rld_find_bit)
 * inter/repeated_local.c:234: note: calls rld_get_desc() (in rld_recent)
 * inter/repeated_local.c:224: note: kmalloc(83, GFP_KERNEL) may sleep (direct reclaim) (in rld_get_desc)
 * inter/repeated_local.c:282:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/repeated_local.c:321: note: spin_lock(&rl_lock): spinlock held from here (in rle_new)
 * inter/repeated_local.c:322: note: calls rle_find_bit() (in rle_new)
 * inter/repeated_local.c:302: note: calls rle_recent() (in rle_find_bit)
 * inter/repeated_local.c:292: note: calls rle_get_desc() (in rle_recent)
 * inter/repeated_local.c:282: note: kmalloc(84, GFP_KERNEL) may sleep (direct reclaim) (in rle_get_desc)
 * check-output-end
 */
