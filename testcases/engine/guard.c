// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: cleanup.h lock guards.  guard() declares a variable whose
 * constructor takes the lock and whose destructor, called implicitly at
 * every exit of its scope (a return, a goto out of it, the end of the
 * block), releases it.  scoped_guard() is a for-loop around its statement;
 * with a conditional class (spinlock_try) the statement runs only where
 * the guard test, class_spinlock_try_lock_ptr(), found the lock taken.
 *
 * gfpcheck-test: since 6.12 (the dumps follow 6.12's cleanup.h, whose
 * scoped_guard() expansion is not 6.5's, when the spinlock guards came;
 * Debian's 6.1 has cleanup.h without them)
 */
#include <linux/cleanup.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct eng_gdev {
	char *name;
	int count;
};

static DEFINE_SPINLOCK(eng_guard_lock);

char *eng_guard(struct eng_gdev *d, const char *s)
{
	guard(spinlock)(&eng_guard_lock);
	if (d->name)
		return NULL;
	return kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
}

/* the goto leaves the guard's scope: the destructor runs on its edge */
int eng_guard_goto(struct eng_gdev *d, const char *s)
{
	{
		guard(spinlock)(&eng_guard_lock);
		if (d->name)
			goto busy;
		d->count++;
	}
	d->name = kstrdup(s, GFP_KERNEL);
	return d->name ? 0 : -ENOMEM;
busy:
	return -EBUSY;
}

char *eng_scoped_guard_try(struct eng_gdev *d, const char *s)
{
	scoped_guard(spinlock_try, &eng_guard_lock)
		d->name = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	return kstrdup(s, GFP_KERNEL);
}

/*
 * The destructor (registered when its variable is declared, so listed
 * before the constructor in the flow) runs on both returns:
 * check-cfg: eng_guard
 *   B0 (entry): class_spinlock_constructor:29 -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 class_spinlock_destructor:29 return(false) -> B1
 *   B3: !local0 kstrdup:32 class_spinlock_destructor:29 return(?) -> B1
 *   local0: param0->name
 * check-end
 *
 * check-flow: eng_guard
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   29 class_spinlock_destructor() at the end of the scope: spinlock held (0x1) from 29 [its summary releases spinlock held (0x1)]
 *   29 guard(spinlock)(&eng_guard_lock): - [its summary takes spinlock held (0x1)]
 *   32 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 29
 * check-end
 *
 * The goto's block B2 runs the destructor (added when the label is
 * placed); the end of the inner block runs it in B3:
 * check-cfg: eng_guard_goto
 *   B0 (entry): class_spinlock_constructor:39 -> B2 B3
 *   B1 (exit): ->
 *   B2: class_spinlock_destructor:39 -> B4
 *   B3: class_spinlock_destructor:39 kstrdup:44 return(?) -> B1
 *   B4: return(true) -> B1
 *   writes fields: 0:eng_gdev.count=ffffffffffffffff
 * check-end
 *
 * check-flow: eng_guard_goto
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   39 class_spinlock_destructor() at the end of the scope: spinlock held (0x1) from 39 [its summary releases spinlock held (0x1)]
 *   39 guard(spinlock)(&eng_guard_lock): - [its summary takes spinlock held (0x1)]
 *   44 kstrdup(s, GFP_KERNEL): -
 * check-end
 *
 * scoped_guard() is `for (CLASS(...) scope; lock_ptr(&scope) ||
 * !is_conditional; ({ goto label; })) if (0) { label: break; } else S`:
 * B2 the loop's exit (the destructor at the end of the for-scope), B3 the
 * increment (its goto to the label B9, whose break leaves the loop), B4
 * the guard test, whose success edge B5 is also the constructor's;
 * B6-B7 the `!is_conditional` operand, a constant 0 for a conditional
 * guard (ctl.c: `!` of a constant is a constant), so only its false edge
 * (to the exit) is there; B8 the else-branch of `if (0)` (S), B10 the
 * dead block after the goto.
 * check-cfg: eng_scoped_guard_try
 *   B0 (entry): class_spinlock_try_constructor:52 -> B4
 *   B1 (exit): ->
 *   B2: class_spinlock_try_destructor:52 kstrdup:54 return(?) -> B1
 *   B3: -> B9
 *   B4: class_spinlock_try_lock_ptr:52 -> B5 B6
 *   B5: class_spinlock_try_lock_ptr:52=true class_spinlock_try_constructor:52=true -> B8
 *   B6: class_spinlock_try_lock_ptr:52=false -> B7
 *   B7: -> B2
 *   B8: kstrdup:53 -> B3
 *   B9: -> B2
 *   B10: -> B4
 * check-end
 *
 * The trylock constructor holds the lock only on the success edge; the
 * destructor also runs where the trylock failed (B7 to B2), so it
 * releases where the lock may not be held:
 * check-flow: eng_scoped_guard_try
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: spinlock held (0x1)
 *   52 class_spinlock_try_destructor() at the end of the scope: spinlock held (0x1) from 52 [its summary releases spinlock held (0x1)]
 *   52 scoped_guard(spinlock_try, &eng_guard_lock): - [its summary may take spinlock held (0x1) where it returns true]
 *   52 class_spinlock_try_lock_ptr(): -
 *   53 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 52
 *   54 kstrdup(s, GFP_KERNEL): -
 * check-end
 */

/*
 * A goto back to a label before the guard's declaration, in its own
 * scope, ends the guard's lifetime (C: a jump to before a variable's
 * declaration leaves its scope): the destructor runs on the goto's edge
 * and the constructor takes the lock again.  yield_to() in 6.12 retakes
 * guard(double_rq_lock) so, and schedule()s after the scope.
 */
int eng_guard_goto_back(struct eng_gdev *d, const char *s)
{
	{
again:
		d->count++;
		guard(spinlock)(&eng_guard_lock);
		if (d->count < 3)
			goto again;
	}
	d->name = kstrdup(s, GFP_KERNEL);
	return d->name ? 0 : -ENOMEM;
}

/*
 * The goto's block B3 runs the destructor before the label's block B2
 * takes the lock again; the end of the inner block runs it in B4.  So
 * the lock is not held after the scope (before 2026-12-06 the goto kept
 * it, and the kstrdup() after the scope was reported):
 * check-cfg: eng_guard_goto_back
 *   B0 (entry): -> B2
 *   B1 (exit): ->
 *   B2: class_spinlock_constructor:141 -> B3 B4
 *   B3: class_spinlock_destructor:141 -> B2
 *   B4: class_spinlock_destructor:141 kstrdup:145 return(?) -> B1
 *   writes fields: 0:eng_gdev.count=ffffffffffffffff
 * check-end
 *
 * check-flow: eng_guard_goto_back
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   141 class_spinlock_destructor() at the end of the scope: spinlock held (0x1) from 141 [its summary releases spinlock held (0x1)]
 *   141 guard(spinlock)(&eng_guard_lock): - [its summary takes spinlock held (0x1)]
 *   145 kstrdup(s, GFP_KERNEL): -
 * check-end
 */
