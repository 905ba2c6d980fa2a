// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: GNU statement expressions.  Their statements run in
 * order where the expression is evaluated; used as a condition, the value
 * tested is their last expression (here a trylock, whose success edge is
 * kept).
 */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static DEFINE_SPINLOCK(eng_se_lock);

char *eng_stmt_expr_cond(const char *s)
{
	char *p = NULL;

	if (({ cpu_relax(); spin_trylock(&eng_se_lock); })) {
		p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
		spin_unlock(&eng_se_lock);
	}
	return p;
}

char *eng_stmt_expr_value(const char *s)
{
	return ({
		char *__p;

		spin_lock(&eng_se_lock);
		__p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
		spin_unlock(&eng_se_lock);
		__p;
	});
}

/* a branch inside a statement expression joins before its value */
char *eng_stmt_expr_branch(const char *s, bool atomic)
{
	char *p;

	spin_lock(&eng_se_lock);
	p = ({
		char *__q;

		if (atomic)
			__q = kstrdup(s, GFP_ATOMIC);
		else
			__q = kstrdup(s, GFP_NOWAIT);
		__q;
	});
	spin_unlock(&eng_se_lock);
	return p;
}

/*
 * The statements of the condition's statement expression run in B0, its
 * value is the trylock:
 * check-cfg: eng_stmt_expr_cond
 *   B0 (entry): cpu_relax:18 spin_trylock:18 -> B2 B3
 *   B1 (exit): ->
 *   B2: spin_trylock:18=true kstrdup:19 spin_unlock:20 -> B4
 *   B3: spin_trylock:18=false -> B4
 *   B4: return(?) -> B1
 * check-end
 *
 * check-flow: eng_stmt_expr_cond
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   18 cpu_relax(): -
 *   18 spin_trylock(&eng_se_lock): -
 *   19 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 18
 *   20 spin_unlock(&eng_se_lock): spinlock held (0x1) from 18
 * check-end
 *
 * check-cfg: eng_stmt_expr_value
 *   B0 (entry): spin_lock:30 kstrdup:31 spin_unlock:32 return(?) -> B1
 *   B1 (exit): ->
 * check-end
 *
 * check-flow: eng_stmt_expr_value
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   30 spin_lock(&eng_se_lock): -
 *   31 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 30
 *   32 spin_unlock(&eng_se_lock): spinlock held (0x1) from 30
 * check-end
 *
 * `atomic` is a parameter (index 1) the function never changes: its
 * outcomes mark the edges (param1, !param1):
 * check-cfg: eng_stmt_expr_branch
 *   B0 (entry): spin_lock:42 -> B2 B3
 *   B1 (exit): ->
 *   B2: param1 kstrdup:47 -> B4
 *   B3: !param1 kstrdup:49 -> B4
 *   B4: spin_unlock:52 return(?) -> B1
 * check-end
 *
 * check-flow: eng_stmt_expr_branch
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   42 spin_lock(&eng_se_lock): -
 *   47 kstrdup(s, GFP_ATOMIC): spinlock held (0x1) from 42
 *   49 kstrdup(s, GFP_NOWAIT): spinlock held (0x1) from 42
 *   52 spin_unlock(&eng_se_lock): spinlock held (0x1) from 42
 * check-end
 */
