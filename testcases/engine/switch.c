// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: switch.  Every case is a successor of the block that
 * evaluates the switch; a case that falls through is also one of the case
 * after it; without a default the switch block also goes past the switch.
 */
#include <linux/compiler_attributes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static DEFINE_SPINLOCK(eng_switch_lock);
static int eng_switch_count;

char *eng_switch(int op, const char *s)
{
	char *p = NULL;

	spin_lock(&eng_switch_lock);
	switch (op) {
	case 0:
		p = kstrdup(s, GFP_ATOMIC);
		break;
	case 1:
		cpu_relax();
		fallthrough;
	case 2:
		p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
		break;
	default:
		spin_unlock(&eng_switch_lock);
		return NULL;
	}
	spin_unlock(&eng_switch_lock);
	return p;
}

/* the last case ends the switch without a break */
void eng_switch_no_default(int op)
{
	switch (op) {
	case 0:
		spin_lock(&eng_switch_lock);
		eng_switch_count++;
		spin_unlock(&eng_switch_lock);
		break;
	case 1:
		cpu_relax();
	}
	cpu_relax();
}

/*
 * A switch on an unchanged parameter enters `case K:` from the switch
 * through a block of its own that requires the parameter to be K.
 * B0 evaluates the switch: its successors are the cases, each through the
 * block that requires op's value (B4 to case 0's B3, B6 to case 1's B5, B8
 * to case 2's B7), and the default (B9); case 1 (B5) falls through into
 * case 2 (B7) without requiring a value; B2 is after the switch:
 * check-cfg: eng_switch
 *   B0 (entry): spin_lock:19 -> B4 B6 B8 B9
 *   B1 (exit): ->
 *   B2: spin_unlock:34 return(?) -> B1
 *   B3: kstrdup:22 -> B2
 *   B4: param0==0 -> B3
 *   B5: cpu_relax:25 -> B7
 *   B6: param0==1 -> B5
 *   B7: kstrdup:28 -> B2
 *   B8: param0==2 -> B7
 *   B9: spin_unlock:31 return(false) -> B1
 * check-end
 *
 * check-flow: eng_switch
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   19 spin_lock(&eng_switch_lock): -
 *   22 kstrdup(s, GFP_ATOMIC): spinlock held (0x1) from 19
 *   25 cpu_relax(): spinlock held (0x1) from 19
 *   28 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 19
 *   31 spin_unlock(&eng_switch_lock): spinlock held (0x1) from 19
 *   34 spin_unlock(&eng_switch_lock): spinlock held (0x1) from 19
 * check-end
 *
 * Without a default, B0 also goes to B2, past the switch; case 1 (B5)
 * ends it without a break:
 * check-cfg: eng_switch_no_default
 *   B0 (entry): -> B4 B6 B2
 *   B1 (exit): ->
 *   B2: cpu_relax:50 -> B1
 *   B3: spin_lock:43 spin_unlock:45 -> B2
 *   B4: param0==0 -> B3
 *   B5: cpu_relax:48 -> B2
 *   B6: param0==1 -> B5
 * check-end
 *
 * check-flow: eng_switch_no_default
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   43 spin_lock(&eng_switch_lock): -
 *   45 spin_unlock(&eng_switch_lock): spinlock held (0x1) from 43
 *   48 cpu_relax(): -
 *   50 cpu_relax(): -
 * check-end
 */
