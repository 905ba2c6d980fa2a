// SPDX-License-Identifier: GPL-2.0
/*
 * untested_trylock: a function that returns holding a lock on some paths
 * only (a trylock by its summary) and whose result the caller does not
 * test has taken the lock as far as the caller is concerned, so the
 * caller's later unlock of it is not a release of its own caller's lock.
 * 6.1's __text_poke() does `ptep = get_locked_pte(poking_mm, poking_addr,
 * &ptl); VM_BUG_ON(!ptep);` (no test without CONFIG_DEBUG_VM), then
 * pte_unmap_unlock(ptep, ptl): it "released a spinlock it did not take",
 * and static_key_slow_dec() and thousands of functions above it ended
 * every spinlock held around them.
 *  - ut_get_locked() is get_locked_pte(): NULL without the lock where
 *    there is no table, else the table with ut_table_lock held.
 *  - ut_poke() is __text_poke(): it relies on the lock being taken and
 *    unlocks it through the pointer it was given back.
 *  - ut_update() holds its own lock across ut_poke() and allocates
 *    after it: reported, its lock still held.
 *  - ut_checked_poke() tests the result: the unlock is on the path that
 *    took the lock; ut_checked_update() is reported the same way.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(ut_table_lock);
static DEFINE_SPINLOCK(ut_outer_lock);
static void *ut_log;

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ut_update(int *table);
void ut_checked_update(int *table);

/* get_locked_pte() */
static noinline int *ut_get_locked(int *table, spinlock_t **ptl)
{
	if (!table)
		return NULL;
	spin_lock(&ut_table_lock);
	*ptl = &ut_table_lock;
	return table;
}

static noinline void ut_write(int *p)
{
	WRITE_ONCE(*p, 1);
}

/* __text_poke() */
static noinline void ut_poke(int *table)
{
	spinlock_t *ptl;
	int *p = ut_get_locked(table, &ptl);

	ut_write(p);
	spin_unlock(ptl);
}

void ut_update(int *table)
{
	spin_lock(&ut_outer_lock);
	ut_poke(table);
	ut_log = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "ut_update: spin_lock(&ut_outer_lock): spinlock held" */
	spin_unlock(&ut_outer_lock);
}

static noinline void ut_checked_poke(int *table)
{
	spinlock_t *ptl;
	int *p = ut_get_locked(table, &ptl);

	if (!p)
		return;
	ut_write(p);
	spin_unlock(ptl);
}

void ut_checked_update(int *table)
{
	spin_lock(&ut_outer_lock);
	ut_checked_poke(table);
	ut_log = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "ut_checked_update: spin_lock(&ut_outer_lock): spinlock held" */
	spin_unlock(&ut_outer_lock);
}

MODULE_DESCRIPTION("gfpcheck test: an untested trylock's lock is not the caller's");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/untested_trylock.c:62:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/untested_trylock.c:60: note: spin_lock(&ut_outer_lock): spinlock held from here (in ut_update)
 * inter/untested_trylock.c:62: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in ut_update)
 * inter/untested_trylock.c:81:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/untested_trylock.c:79: note: spin_lock(&ut_outer_lock): spinlock held from here (in ut_checked_update)
 * inter/untested_trylock.c:81: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in ut_checked_update)
 * check-output-end
 */
