// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: flag bits tested more than once agree with each other.
 * get_signal()'s `if (current->jobctl & (A | B)) { if (current->jobctl &
 * A) unlock; else if (current->jobctl & B) unlock; ... }` has no path
 * with neither bit set, so the lock is released on every path into the
 * allocation (current is get_current(), one task throughout:
 * rules/locks.rules same-value).  A parameter's bits likewise:
 * eng_flag_bits() locks and unlocks under one bit; without the
 * correlation its unlock would "release what it did not take" on the
 * path that took nothing.
 */
#include <linux/sched.h>
#include <linux/sched/jobctl.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static DEFINE_SPINLOCK(eng_bits_lock);

#define ENG_LOCKED 0x2

char *eng_jobctl_bits(const char *s)
{
	spin_lock_irq(&eng_bits_lock);
	if (current->jobctl & (JOBCTL_TRAP_MASK | JOBCTL_TRAP_FREEZE)) {
		if (current->jobctl & JOBCTL_TRAP_MASK)
			spin_unlock_irq(&eng_bits_lock);
		else if (current->jobctl & JOBCTL_TRAP_FREEZE)
			spin_unlock_irq(&eng_bits_lock);
		return kstrdup(s, GFP_KERNEL);
	}
	spin_unlock_irq(&eng_bits_lock);
	return NULL;
}

char *eng_flag_bits(const char *s, unsigned int flags)
{
	char *p;

	if (flags & ENG_LOCKED)
		spin_lock(&eng_bits_lock);
	p = kstrdup(s, GFP_ATOMIC);
	if (flags & ENG_LOCKED)
		spin_unlock(&eng_bits_lock);
	return p;
}

/* 6.12's get_signal() whole: a parameter tested where the lock is
 * dropped (its signal number) beside the three atoms of current->jobctl's
 * masks (JOBCTL_STOP_DEQUEUED too), four correlated truths; with three,
 * the path with no trap bit kept the lock to the allocation, and in
 * get_signal() to do_coredump() */
char *eng_jobctl_stop(const char *s, int sig)
{
	spin_lock_irq(&eng_bits_lock);
	if (!sig)
		spin_unlock_irq(&eng_bits_lock);
	if (!sig)
		return NULL;
	if (current->jobctl & JOBCTL_STOP_DEQUEUED) {
		spin_unlock_irq(&eng_bits_lock);
		return NULL;
	}
	if (current->jobctl & (JOBCTL_TRAP_MASK | JOBCTL_TRAP_FREEZE)) {
		if (current->jobctl & JOBCTL_TRAP_MASK)
			spin_unlock_irq(&eng_bits_lock);
		else if (current->jobctl & JOBCTL_TRAP_FREEZE)
			spin_unlock_irq(&eng_bits_lock);
		return kstrdup(s, GFP_KERNEL);
	}
	spin_unlock_irq(&eng_bits_lock);
	return NULL;
}

/*
 * JOBCTL_TRAP_MASK is bits 19 and 20 (0x180000), JOBCTL_TRAP_FREEZE bit
 * 23 (0x800000): the three tests are of one condition variable (local0,
 * current->jobctl), whose atoms are the two masks.  B7, neither bit,
 * still reaches B8 in the CFG; the flow drops it:
 * check-cfg: eng_jobctl_bits
 *   B0 (entry): spin_lock_irq:25 get_current:26 -> B2 B3
 *   B1 (exit): ->
 *   B2: local0&0x980000 get_current:27 -> B4 B5
 *   B3: !local0&0x980000 spin_unlock_irq:33 return(false) -> B1
 *   B4: local0&0x180000 spin_unlock_irq:28 -> B9
 *   B5: !local0&0x180000 get_current:29 -> B6 B7
 *   B6: local0&0x800000 spin_unlock_irq:30 -> B8
 *   B7: !local0&0x800000 -> B8
 *   B8: -> B9
 *   B9: kstrdup:31 return(?) -> B1
 * check-end
 *
 * check-flow: eng_jobctl_bits
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   25 spin_lock_irq(&eng_bits_lock): -
 *   26 get_current(): spinlock held (0x3) from 25
 *   27 get_current(): spinlock held (0x3) from 25
 *   28 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 25
 *   29 get_current(): spinlock held (0x3) from 25
 *   30 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 25
 *   31 kstrdup(s, GFP_KERNEL): -
 *   33 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 25
 * check-end
 *
 * The unlock (B5) sees only the copy that took the lock (B2):
 * check-flow: eng_flag_bits
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   42 spin_lock(&eng_bits_lock): -
 *   43 kstrdup(s, GFP_ATOMIC): spinlock held (0x1) from 42
 *   45 spin_unlock(&eng_bits_lock): spinlock held (0x1) from 42
 * check-end
  *
 * Four truths: `sig` (where the lock is dropped) and the three atoms of
 * the jobctl masks (0x20000, 0x180000, 0x800000); every path releases
 * the lock before kstrdup() and before the return:
 * check-flow: eng_jobctl_stop
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   56 spin_lock_irq(&eng_bits_lock): -
 *   58 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 56
 *   61 get_current(): spinlock held (0x3) from 56
 *   62 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 56
 *   65 get_current(): spinlock held (0x3) from 56
 *   66 get_current(): spinlock held (0x3) from 56
 *   67 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 56
 *   68 get_current(): spinlock held (0x3) from 56
 *   69 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 56
 *   70 kstrdup(s, GFP_KERNEL): -
 *   72 spin_unlock_irq(&eng_bits_lock): spinlock held (0x3) from 56
 * check-end
 */
