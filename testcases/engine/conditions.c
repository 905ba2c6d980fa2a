// SPDX-License-Identifier: GPL-2.0
/*
 * Engine tier: conditions lowered with short-circuit semantics.  A
 * trylock tested through likely()/unlikely(), !, && and || holds the lock
 * on its success edge only; ?: as a condition joins the outcomes of its
 * two arms, as a value it is a branch of its own.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct eng_obj {
	struct mutex mutex;
	bool ready, busy, atomic;
	int count;
};

static DEFINE_SPINLOCK(eng_cond_lock);

/* likely(x) is __builtin_expect(!!(x), 1): the test is of x */
char *eng_likely(const char *s)
{
	char *p = NULL;

	if (likely(spin_trylock(&eng_cond_lock))) {
		p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
		spin_unlock(&eng_cond_lock);
	}
	return p;
}

char *eng_unlikely_not(const char *s)
{
	char *p;

	if (unlikely(!spin_trylock(&eng_cond_lock)))
		return NULL;
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_cond_lock);
	return p;
}

/* the trylock runs only where o->ready is true */
char *eng_and_trylock(struct eng_obj *o, const char *s)
{
	char *p = NULL;

	if (o->ready && spin_trylock(&eng_cond_lock)) {
		p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
		spin_unlock(&eng_cond_lock);
	}
	kfree(kstrdup(s, GFP_KERNEL));
	return p;
}

/* `busy || !trylock` gives up; past it the lock is held */
char *eng_or_trylock(struct eng_obj *o, const char *s)
{
	char *p;

	if (o->busy || !spin_trylock(&eng_cond_lock))
		return kstrdup(s, GFP_KERNEL);
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_cond_lock);
	return p;
}

/* the kernel's `nonblock ? !mutex_trylock() : mutex_lock_interruptible()` */
int eng_cond_op(struct eng_obj *o, bool nonblock)
{
	if (nonblock ? !mutex_trylock(&o->mutex) : mutex_lock_interruptible(&o->mutex))
		return -EAGAIN;
	o->count++;
	mutex_unlock(&o->mutex);
	return 0;
}

/* ?: as a value: the mask each arm passes is judged on its own */
char *eng_cond_value(struct eng_obj *o, const char *s)
{
	char *p;

	spin_lock(&eng_cond_lock);
	p = o->atomic ? kstrdup(s, GFP_ATOMIC)
		      : kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_cond_lock);
	return p;
}

/*
 * likely() is no call of its own: B0 tests the trylock:
 * check-cfg: eng_likely
 *   B0 (entry): spin_trylock:28 -> B2 B3
 *   B1 (exit): ->
 *   B2: spin_trylock:28=true kstrdup:29 spin_unlock:30 -> B4
 *   B3: spin_trylock:28=false -> B4
 *   B4: return(?) -> B1
 * check-end
 *
 * A call's text is read from where it is expanded: a call spelled in a
 * macro's argument shows the whole macro (extract.c, source_text()):
 * check-flow: eng_likely
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   28 likely(spin_trylock(&eng_cond_lock)): -
 *   29 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 28
 *   30 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 28
 * check-end
 *
 * Three negations (!!(!x)): the then-branch (B3) is the failure edge:
 * check-cfg: eng_unlikely_not
 *   B0 (entry): spin_trylock:39 -> B2 B3
 *   B1 (exit): ->
 *   B2: spin_trylock:39=true kstrdup:41 spin_unlock:42 return(?) -> B1
 *   B3: spin_trylock:39=false return(false) -> B1
 * check-end
 *
 * check-flow: eng_unlikely_not
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   39 unlikely(!spin_trylock(&eng_cond_lock)): -
 *   41 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 39
 *   42 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 39
 * check-end
 *
 * The false edges of both operands (B3, B5) join in B6:
 * check-cfg: eng_and_trylock
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: local1 spin_trylock:51 -> B4 B5
 *   B3: !local1 -> B6
 *   B4: spin_trylock:51=true kstrdup:52 spin_unlock:53 -> B7
 *   B5: spin_trylock:51=false -> B6
 *   B6: -> B7
 *   B7: kstrdup:55 kfree:55 return(?) -> B1
 *   local1: param0->ready
 * check-end
 *
 * check-flow: eng_and_trylock
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   51 spin_trylock(&eng_cond_lock): -
 *   52 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 51
 *   53 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 51
 *   55 kstrdup(s, GFP_KERNEL): -
 *   55 kfree(): -
 * check-end
 *
 * The true edges (busy in B2, the failed trylock in B5) join in B6:
 * check-cfg: eng_or_trylock
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 -> B6
 *   B3: !local0 spin_trylock:64 -> B4 B5
 *   B4: spin_trylock:64=true kstrdup:66 spin_unlock:67 return(?) -> B1
 *   B5: spin_trylock:64=false -> B6
 *   B6: kstrdup:65 return(?) -> B1
 *   local0: param0->busy
 * check-end
 *
 * check-flow: eng_or_trylock
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   64 spin_trylock(&eng_cond_lock): -
 *   65 kstrdup(s, GFP_KERNEL): -
 *   66 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 64
 *   67 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 64
 * check-end
 *
 * `nonblock` is parameter 1: B2 and B3 are its outcomes.  Every call
 * tested by a condition gets a success edge (B4, B6): whether it is a
 * conditional lock is decided by the summaries.  The true edges join in
 * B8 (return -EAGAIN), the false edges in B9:
 * check-cfg: eng_cond_op
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: param1 mutex_trylock:74 -> B4 B5
 *   B3: !param1 mutex_lock_interruptible:74 -> B6 B7
 *   B4: mutex_trylock:74=true -> B9
 *   B5: mutex_trylock:74=false -> B8
 *   B6: mutex_lock_interruptible:74=true -> B8
 *   B7: mutex_lock_interruptible:74=false -> B9
 *   B8: return(true) -> B1
 *   B9: mutex_unlock:77 return(false) -> B1
 *   writes fields: 0:eng_obj.count=ffffffffffffffff
 * check-end
 *
 * A mutex is no atomic context:
 * check-flow: eng_cond_op
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   74 mutex_trylock(): -
 *   74 mutex_lock_interruptible(): -
 *   77 mutex_unlock(): -
 * check-end
 *
 * check-cfg: eng_cond_value
 *   B0 (entry): spin_lock:86 -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 kstrdup:87 -> B4
 *   B3: !local0 kstrdup:88 -> B4
 *   B4: spin_unlock:89 return(?) -> B1
 *   local0: param0->atomic
 * check-end
 *
 * check-flow: eng_cond_value
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   86 spin_lock(&eng_cond_lock): -
 *   87 kstrdup(s, GFP_ATOMIC): spinlock held (0x1) from 86
 *   88 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 86
 *   89 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 86
 * check-end
 */

/*
 * A trylock's result kept in a local and tested through it, as
 * kernel/rcu/rcu.h's raw_spin_trylock_rcu_node() does inside a statement
 * expression (note_gp_changes() tests it, then unlocks; rcu.h's barrier
 * after the lock is a counter here).  The local's
 * first test carries the trylock's outcome (B2, B3); its later test (B5,
 * B6) agrees with it, so the lock is held on the path that goes on to
 * kstrdup() only, and the unlock releases what that path took.
 */
static int eng_trylocks;

#define eng_trylock_node(l)                           \
	({                                            \
		bool ___locked = spin_trylock(l);     \
		if (___locked)                        \
			eng_trylocks++;               \
		___locked;                            \
	})

char *eng_trylock_local(const char *s)
{
	char *p;

	if (!eng_trylock_node(&eng_cond_lock))
		return NULL;
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_cond_lock);
	return p;
}

/*
 * The local's first test (B2, B3) carries the trylock's outcome; the
 * test that is the statement expression's value (B5, B6) carries none:
 * check-cfg: eng_trylock_local
 *   B0 (entry): spin_trylock:236 -> B2 B3
 *   B1 (exit): ->
 *   B2: local0 spin_trylock:236=true -> B4
 *   B3: !local0 spin_trylock:236=false -> B4
 *   B4: -> B5 B6
 *   B5: local0 kstrdup:238 spin_unlock:239 return(?) -> B1
 *   B6: !local0 return(false) -> B1
 * check-end
 *
 * Held from the trylock on the path that took it; the unlock releases
 * it (nothing "released that it did not take"):
 * check-flow: eng_trylock_local
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   236 eng_trylock_node(&eng_cond_lock): -
 *   238 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 236
 *   239 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 236
 * check-end
 */

/*
 * A pointer dereferenced is not NULL from there on (`o->count++` marks
 * param0 true in B0), and a local never changed that copies a variable
 * never changed is that variable (`copy` tests as param0, as
 * uart_port_unlock()'s `__uport = uport` does): the unlock's test has
 * one live edge, so nothing is held at the allocation.  `o->count++`
 * writes every bit of the field through parameter 0.
 */
char *eng_deref_copy(struct eng_obj *o, const char *s)
{
	struct eng_obj *copy = o;

	spin_lock(&eng_cond_lock);
	o->count++;
	if (copy)
		spin_unlock(&eng_cond_lock);
	return kstrdup(s, GFP_KERNEL);
}

/*
 * check-cfg: eng_deref_copy
 *   B0 (entry): spin_lock:278 param0 -> B2 B3
 *   B1 (exit): ->
 *   B2: param0 spin_unlock:281 -> B4
 *   B3: !param0 -> B4
 *   B4: kstrdup:282 return(?) -> B1
 *   writes fields: 0:eng_obj.count=ffffffffffffffff
 * check-end
 *
 * check-flow: eng_deref_copy
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   278 spin_lock(&eng_cond_lock): -
 *   281 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 278
 *   282 kstrdup(s, GFP_KERNEL): -
 * check-end
 */

/*
 * An unsigned value compared with 0 by a relational operator is its truth
 * test (scm_send()'s `msg->msg_controllen <= 0`): `n <= 0` marks param1
 * false on its true edge and true on its false edge; a signed one (`m <=
 * 0`) is no truth test and marks nothing.
 */
char *eng_unsigned_zero(const char *s, unsigned long n, long m)
{
	if (n <= 0 || m <= 0)
		return NULL;
	return kstrdup(s, GFP_KERNEL);
}

/*
 * check-cfg: eng_unsigned_zero
 *   B0 (entry): -> B2 B3
 *   B1 (exit): ->
 *   B2: !param1 -> B6
 *   B3: param1 -> B4 B5
 *   B4: -> B6
 *   B5: kstrdup:313 return(?) -> B1
 *   B6: return(false) -> B1
 * check-end
 */

/*
 * A local declared without a value that one statement gives a trylock's
 * result (`locked = spin_trylock(l); if (!locked) return;`): its test
 * carries the trylock's outcome, as a local initialised from it does, so
 * the lock is held only where it was taken.  The binary before had no
 * outcome edges there, so it never took the lock: the allocation under
 * it was not reported.
 */
char *eng_trylock_assigned(const char *s);

char *eng_trylock_assigned(const char *s)
{
	char *p;
	int locked;

	locked = spin_trylock(&eng_cond_lock);
	if (!locked)
		return NULL;
	p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	spin_unlock(&eng_cond_lock);
	return p;
}

/*
 * check-cfg: eng_trylock_assigned
 *   B0 (entry): spin_trylock:343 -> B2 B3
 *   B1 (exit): ->
 *   B2: spin_trylock:343=true kstrdup:346 spin_unlock:347 return(?) -> B1
 *   B3: spin_trylock:343=false return(false) -> B1
 * check-end
 *
 * check-flow: eng_trylock_assigned
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   343 spin_trylock(&eng_cond_lock): -
 *   346 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 343
 *   347 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 343
 * check-end
 */

/*
 * Tested twice, such a local keeps its tests (local1, assigned by B0):
 * the second agrees with the first, so the unlock is taken exactly where
 * the lock was, and nothing is held at the return.
 */
char *eng_trylock_retested(const char *s);

char *eng_trylock_retested(const char *s)
{
	char *p = NULL;
	int locked;

	locked = spin_trylock(&eng_cond_lock);
	if (locked)
		p = kstrdup(s, GFP_KERNEL);	/* expect: gfp-sleep-in-atomic */
	if (locked)
		spin_unlock(&eng_cond_lock);
	return p;
}

/*
 * check-cfg: eng_trylock_retested
 *   B0 (entry): spin_trylock:379 assign:local1 -> B2 B3
 *   B1 (exit): ->
 *   B2: local1 spin_trylock:379=true kstrdup:381 -> B4
 *   B3: !local1 spin_trylock:379=false -> B4
 *   B4: -> B5 B6
 *   B5: local1 spin_unlock:383 -> B7
 *   B6: !local1 -> B7
 *   B7: return(?) -> B1
 * check-end
 *
 * check-flow: eng_trylock_retested
 *   returns: yes; held at return: -; on every path: -; releases what it did not take: -; releases where it may not hold: -
 *   379 spin_trylock(&eng_cond_lock): -
 *   381 kstrdup(s, GFP_KERNEL): spinlock held (0x1) from 379
 *   383 spin_unlock(&eng_cond_lock): spinlock held (0x1) from 379
 * check-end
 */
