// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: a call that never returns ends its path.  The CFG keeps
 * the edge after it; the flow stops there, so what that path holds does
 * not reach the code after the join, and a function whose other paths
 * all take a lock returns holding it on every path (a lock wrapper to its
 * callers).
 */
#include <linux/compiler_attributes.h>
#include <linux/panic.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct eng_dev {
	bool broken;
};

static DEFINE_SPINLOCK(eng_die_lock);

/* declared __noreturn: recognised from its type */
void __noreturn eng_fatal(struct eng_dev *d);

/* like oops_begin(): the path that takes the die lock ends in panic() */
char *eng_noreturn(struct eng_dev *d, const char *s)
{
	if (d->broken) {
		spin_lock(&eng_die_lock);
		panic("eng: broken device");
	}
	return kstrdup(s, GFP_KERNEL);
}

/* the same without panic(): the lock may reach the allocation */
char *eng_returns(struct eng_dev *d, const char *s)
{
	if (d->broken)
		spin_lock(&eng_die_lock);
	return kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
}

/* takes the lock or dies */
void eng_lock_or_die(struct eng_dev *d)
{
	if (!spin_trylock(&eng_die_lock))
		eng_fatal(d);
}

char *eng_after_lock_or_die(struct eng_dev *d, const char *s)
{
	char *p;

	eng_lock_or_die(d);
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_die_lock);
	return p;
}

/*
 * The CFG keeps panic()'s block (B2) linked to the join B4:
 * check-cfg: eng_noreturn
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 spin_lock:28 panic:29 -> B4
 *   B3: !local0 -> B4
 *   B4: kstrdup:31 return(?) -> B1
 *   local0: param0->broken
 * check-end
 *
 * check-flow: eng_noreturn
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   28 spin_lock(&eng_die_lock): -
 *   29 panic() (never returns): spinlock held (0x1) from 28
 *   31 kstrdup(s, GFP_KERNEL): -
 * check-end
 *
 * check-cfg: eng_returns
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 spin_lock:38 -> B4
 *   B3: !local0 -> B4
 *   B4: kstrdup:39 return(?) -> B1
 *   local0: param0->broken
 * check-end
 *
 * The lock is held at return on one path, at no kind of return on every
 * path: no trylock's summary for its callers (exit_outcome_ctx).
 * check-flow: eng_returns
 *   returns: yes; held at return: spinlock held (0x1); on every path: -; releases what it did not take: -; releases where it may not hold: -; held at no kind of return on every path: spinlock held (0x1)
 *   38 spin_lock(&eng_die_lock): -
 *   39 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 38
 * check-end
 *
 * check-cfg: eng_lock_or_die
 *   B0 (entry): spin_trylock:45 -> B2 B3
 *   B1 (exit): ->
 *   B2: spin_trylock:45=true -> B4
 *   B3: spin_trylock:45=false eng_fatal:46 -> B4
 *   B4: -> B1
 * check-end
 *
 * Only the success edge returns: the lock is held on every path:
 * check-flow: eng_lock_or_die
 *   returns: yes; held at return: spinlock held (0x1); on every path: spinlock held (0x1); releases what it did not take: -; releases where it may not hold: -
 *   45 spin_trylock(&eng_die_lock): -
 *   46 eng_fatal() (never returns): -
 * check-end
 *
 * check-flow: eng_after_lock_or_die
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   53 eng_lock_or_die(): - [its summary takes spinlock held (0x1)]
 *   54 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 53
 *   55 spin_unlock(&eng_die_lock): spinlock held (0x1) from 53
 * check-end
 */
