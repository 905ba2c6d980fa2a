// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: goto.  Error paths leave a locked region for a label that
 * unlocks; one jumps over the unlock (its allocation runs locked); a
 * backward goto makes a trylock retry loop.
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct eng_item {
	char *name;
};

static DEFINE_SPINLOCK(eng_goto_lock);

int eng_goto_unlock(struct eng_item *it, const char *s)
{
	int ret = 0;

	spin_lock(&eng_goto_lock);
	if (it->name) {
		ret = -EEXIST;
		goto out;
	}
	it->name = kstrdup(s, GFP_ATOMIC);
	if (!it->name) {
		ret = -ENOMEM;
		goto out;
	}
out:
	spin_unlock(&eng_goto_lock);
	return ret;
}

/* the error path jumps over the unlock (and returns holding the lock) */
char *eng_goto_skips_unlock(struct eng_item *it)
{
	spin_lock(&eng_goto_lock);
	if (it->name)
		goto dup;
	spin_unlock(&eng_goto_lock);
	return NULL;
dup:
	return kstrdup(it->name, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
}

/* a backward goto: the label is placed before the goto is seen */
void eng_goto_retry(struct eng_item *it)
{
retry:
	if (!spin_trylock(&eng_goto_lock)) {
		cpu_relax();
		goto retry;
	}
	kfree(it->name);
	it->name = NULL;
	spin_unlock(&eng_goto_lock);
}

/*
 * Both gotos (B2, B5) and the fall into the label (B6) go to `out` (B4):
 * check-cfg: eng_goto_unlock
 *   B0 (entry): spin_lock:22 -> B2 B3
 *   B1 (exit): ->
 *   B2: local1 -> B4
 *   B3: !local1 kstrdup:27 assign:local1 -> B5 B6
 *   B4: spin_unlock:33 return(?) -> B1
 *   B5: local1 -> B4
 *   B6: !local1 -> B4
 *   local1: param0->name
 * check-end
 *
 * check-flow: eng_goto_unlock
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   22 spin_lock(&eng_goto_lock): -
 *   27 kstrdup(s, GFP_ATOMIC): spinlock held (0x1) from 22
 *   33 spin_unlock(&eng_goto_lock): spinlock held (0x1) from 22
 * check-end
 *
 * `dup` (B4) is reached by the goto only (B2), not from the return in B3:
 * check-cfg: eng_goto_skips_unlock
 *   B0 (entry): spin_lock:40 -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 -> B4
 *   B3: !local0 spin_unlock:43 return(false) -> B1
 *   B4: kstrdup:46 return(?) -> B1
 *   local0: param0->name
 * check-end
 *
 * check-flow: eng_goto_skips_unlock
 *   returns: yes; held at return: spinlock held (0x1); on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   40 spin_lock(&eng_goto_lock): -
 *   43 spin_unlock(&eng_goto_lock): spinlock held (0x1) from 40
 *   46 kstrdup(it->name, GFP_KERNEL): spinlock held (0x1) from 40
 * check-end
 *
 * `retry` is B2; the goto in B4 goes back to it:
 * check-cfg: eng_goto_retry
 *   B0 (entry): -> B2
 *   B1 (exit): ->
 *   B2: spin_trylock:53 -> B3 B4
 *   B3: spin_trylock:53=true kfree:57 spin_unlock:59 -> B1
 *   B4: spin_trylock:53=false cpu_relax:54 -> B2
 * check-end
 *
 * check-flow: eng_goto_retry
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   53 spin_trylock(&eng_goto_lock): -
 *   54 cpu_relax(): -
 *   57 kfree(): spinlock held (0x1) from 53
 *   59 spin_unlock(&eng_goto_lock): spinlock held (0x1) from 53
 * check-end
 */
