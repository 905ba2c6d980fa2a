// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: loops whose condition is a trylock, and for-loops with
 * absent clauses.  A loop left where the trylock succeeded holds the lock
 * after it.  The allocations are kstrdup(), a plain function in every
 * kernel version, so that the CFG reads the same against 6.1 and 6.12
 * (6.10 and later wrap kmalloc() in a statement expression).
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static DEFINE_SPINLOCK(eng_loop_lock);

char *eng_while_trylock(const char *s)
{
	char *p;

	while (!spin_trylock(&eng_loop_lock))
		cpu_relax();
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_loop_lock);
	return p;
}

/* the same loop spelled for (; !trylock;): its one clause is the condition */
char *eng_for_trylock(const char *s)
{
	char *p;

	for (; !spin_trylock(&eng_loop_lock);)
		cpu_relax();
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_loop_lock);
	return p;
}

/* do ... while (!trylock): the body runs before the first test */
char *eng_do_trylock(const char *s)
{
	char *p;

	do {
		cpu_relax();
	} while (!spin_trylock(&eng_loop_lock));
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_loop_lock);
	return p;
}

/* for (;;) is left only by its break, where the trylock succeeded */
char *eng_for_ever(const char *s)
{
	char *p;

	for (;;) {
		if (spin_trylock(&eng_loop_lock))
			break;
		cpu_relax();
	}
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_loop_lock);
	return p;
}

/*
 * for (i = 0; ; i++): an initialisation and an increment but no
 * condition; the loop is left by its returns only, one of them holding
 * the lock (a conditional lock: the caller unlocks where it got i >= 0)
 */
int eng_for_no_cond(int n)
{
	int i;

	for (i = 0; ; i++) {
		if (spin_trylock(&eng_loop_lock))
			return i;
		if (i == n)
			return -EBUSY;
	}
}

/* for (; i < n;): no increment; the body's continue goes to the test */
void eng_for_no_inc(const char **names, int n)
{
	int i = 0;

	for (; i < n;) {
		if (!names[i++])
			continue;
		spin_lock(&eng_loop_lock);
		kfree(kstrdup(names[i - 1], GFP_KERNEL));	/* expect: gfp-sleep-in-atomic */
		spin_unlock(&eng_loop_lock);
	}
}

/*
 * The loop is left through a block of its own (B5), which a `break`
 * would also reach without the condition's outcome (B3):
 * check-cfg: eng_while_trylock
 *   B0 (entry): -> B2
 *   B1 (exit): ->
 *   B2: spin_trylock:20 -> B3 B4
 *   B3: spin_trylock:20=true -> B5
 *   B4: spin_trylock:20=false cpu_relax:21 -> B2
 *   B5: kstrdup:22 spin_unlock:23 return(?) -> B1
 * check-end
 *
 * check-flow: eng_while_trylock
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   20 spin_trylock(&eng_loop_lock): -
 *   21 cpu_relax(): -
 *   22 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 20
 *   23 spin_unlock(&eng_loop_lock): spinlock held (0x1) from 20
 * check-end
 *
 * B2 exit, B3 increment (absent), B4 the test:
 * check-cfg: eng_for_trylock
 *   B0 (entry): -> B4
 *   B1 (exit): ->
 *   B2: kstrdup:34 spin_unlock:35 return(?) -> B1
 *   B3: -> B4
 *   B4: spin_trylock:32 -> B5 B6
 *   B5: spin_trylock:32=true -> B2
 *   B6: spin_trylock:32=false cpu_relax:33 -> B3
 * check-end
 *
 * check-flow: eng_for_trylock
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   32 spin_trylock(&eng_loop_lock): -
 *   33 cpu_relax(): -
 *   34 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 32
 *   35 spin_unlock(&eng_loop_lock): spinlock held (0x1) from 32
 * check-end
 *
 * B2 body, B3 test, B4 exit:
 * check-cfg: eng_do_trylock
 *   B0 (entry): -> B2
 *   B1 (exit): ->
 *   B2: cpu_relax:45 -> B3
 *   B3: spin_trylock:46 -> B5 B6
 *   B4: kstrdup:47 spin_unlock:48 return(?) -> B1
 *   B5: spin_trylock:46=true -> B4
 *   B6: spin_trylock:46=false -> B2
 * check-end
 *
 * check-flow: eng_do_trylock
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   45 cpu_relax(): -
 *   46 spin_trylock(&eng_loop_lock): -
 *   47 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 46
 *   48 spin_unlock(&eng_loop_lock): spinlock held (0x1) from 46
 * check-end
 *
 * B4 the loop head: no condition, one successor (B5, the body):
 * check-cfg: eng_for_ever
 *   B0 (entry): -> B4
 *   B1 (exit): ->
 *   B2: kstrdup:62 spin_unlock:63 return(?) -> B1
 *   B3: -> B4
 *   B4: -> B5
 *   B5: spin_trylock:58 -> B6 B7
 *   B6: spin_trylock:58=true -> B2
 *   B7: spin_trylock:58=false cpu_relax:60 -> B3
 * check-end
 *
 * The loop's exit B2 is never reached; both returns go to B1:
 * check-cfg: eng_for_no_cond
 *   B0 (entry): -> B4
 *   B1 (exit): ->
 *   B2: -> B1
 *   B3: -> B4
 *   B4: -> B5
 *   B5: spin_trylock:77 -> B6 B7
 *   B6: spin_trylock:77=true return(?) -> B1
 *   B7: spin_trylock:77=false -> B8 B9
 *   B8: return(true) -> B1
 *   B9: -> B3
 * check-end
 *
 * check-flow: eng_for_no_cond
 *   returns: yes; held at return: spinlock held (0x1); on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   77 spin_trylock(&eng_loop_lock): -
 * check-end
 *
 * The continue (B7) goes through the empty increment B3 to the test B4:
 * check-cfg: eng_for_no_inc
 *   B0 (entry): -> B4
 *   B1 (exit): ->
 *   B2: -> B1
 *   B3: -> B4
 *   B4: -> B5 B6
 *   B5: -> B7 B8
 *   B6: -> B2
 *   B7: -> B3
 *   B8: spin_lock:92 kstrdup:93 kfree:93 spin_unlock:94 -> B3
 * check-end
 *
 * check-flow: eng_for_no_inc
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   92 spin_lock(&eng_loop_lock): -
 *   93 kstrdup(names[i - 1], GFP_KERNEL): spinlock held (0x1) from 92
 *   93 kfree(): spinlock held (0x1) from 92
 *   94 spin_unlock(&eng_loop_lock): spinlock held (0x1) from 92
 * check-end
 */
