// SPDX-License-Identifier: GPL-2.0
#include "flow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The state is kept per slot: one context kind of one lock ("lock" kind of
 * d->lock, "irq", "bh", "preempt", "rcu").  A slot holds the set of nesting
 * depths it may have at this point (bit d: depth d is possible), so that
 *  - spin_lock_irq() + spin_unlock() leaves the irq slot raised,
 *  - two preempt_disable() and one preempt_enable() leave depth 1,
 *  - a join of a locked and an unlocked path gives {0, 1}: may be held.
 * Each slot also remembers which acquisitions may have raised it, to name
 * a witness.
 */

#define MAX_DEPTH 7
#define MAX_MASKS 8 /* masks of one variable's bit tests followed, at most */
/* lock, irq, bh, preempt, rcu, raw: the bits of CTX_LOCK..CTX_RAW */
#define NKINDS 6
/* kinds whose slots are per lock: a release matches its own lock */
#define PER_LOCK (CTX_LOCK | CTX_RAW)

struct slot {
	unsigned kind; /* one CTX_* bit */
	const char *lock_id; /* for CTX_LOCK; "" otherwise */
};

struct flow {
	const struct cfg *cfg;
	const struct flow_call *calls;
	int ncalls;
	unsigned entry_ctx; /* kinds held by the caller at entry */
	VEC(struct slot) slots;
	/* locks of the function that are the caller's: see find_entry_aliases() */
	VEC(struct slot) entry_aliases;
	int nwords; /* acquirer bitset words per slot */
	size_t state_size; /* bytes of one state (one copy, below) */
	unsigned char *in; /* nblocks states */
	bool *reached;
	unsigned released_unheld;
	unsigned released_maybe;
	unsigned released_hidden;
	int released_witness;
	/* the variables whose tests are correlated (correlated_vars()): a
	 * block's state is one copy per assignment of truth values to them,
	 * copy c holding the paths on which bit j of c is the truth of
	 * split j: variable split_var[j] non-zero where split_atom[j] is 0,
	 * else some bit of split_atom[j] set in it (a variable whose bits are
	 * tested has a split per atom of its masks) */
	int nsplit;
	int split_var[FLOW_MAX_SPLIT];
	uint64_t split_atom[FLOW_MAX_SPLIT];
	int ncopies;
	size_t row_size; /* ncopies states */
	bool *tested; /* per call: a condition tests its result */
};

/* A state: nslots depth masks (uint8), then nslots acquirer bitsets, then
 * 8 bytes: the kinds an untested trylock may have taken (try_taken()),
 * the kinds a call may have taken unseen on some path, a lock
 * and the IRQ or BH state it was taken with (hidden_taken():
 * flow_call.may_take, not yet released), and last a
 * byte that is non-zero when some path reaches the state (alive()). */
static uint8_t *depths(unsigned char *st)
{
	return st;
}

static uint64_t *acquirers(struct flow *f, unsigned char *st, int slot)
{
	size_t base = (f->slots.n + 7) / 8 * 8;

	return (uint64_t *)(st + base) + (size_t)slot * (size_t)f->nwords;
}

static unsigned char *row(struct flow *f, int blk)
{
	return f->in + (size_t)blk * f->row_size;
}

static unsigned char *copy_of(const struct flow *f, unsigned char *r, int c)
{
	return r + (size_t)c * f->state_size;
}

static bool alive(const struct flow *f, const unsigned char *st)
{
	return st[f->state_size - 1] != 0;
}

static unsigned char *hidden_taken(const struct flow *f, unsigned char *st)
{
	return &st[f->state_size - 2];
}

static unsigned char *try_taken(const struct flow *f, unsigned char *st)
{
	return &st[f->state_size - 3];
}

/* The lock the caller holds: no expression of this function names it */
#define ENTRY_LOCK "(caller's lock)"

static int slot_of(struct flow *f, unsigned kind, const char *id)
{
	if (!(kind & PER_LOCK))
		id = "";
	for (size_t i = 0; i < f->entry_aliases.n; i++)
		if (f->entry_aliases.v[i].kind == kind &&
		    strcmp(f->entry_aliases.v[i].lock_id, id) == 0)
			id = ENTRY_LOCK;
	for (size_t i = 0; i < f->slots.n; i++)
		if (f->slots.v[i].kind == kind &&
		    strcmp(f->slots.v[i].lock_id, id) == 0)
			return (int)i;
	return -1;
}

static void add_slots(struct flow *f)
{
	for (int k = 0; k < NKINDS; k++) {
		struct slot s = { 1u << k,
				  ((1u << k) & PER_LOCK) ? ENTRY_LOCK : "" };

		if (f->entry_ctx & (1u << k))
			VEC_PUSH(f->slots, s);
	}
	for (int c = 0; c < f->ncalls; c++) {
		const struct flow_call *fc = &f->calls[c];

		if (!fc->lock)
			continue;
		for (int k = 0; k < NKINDS; k++) {
			unsigned kind = 1u << k;
			struct slot s = { kind, (kind & PER_LOCK) ?
							fc->lock_id :
							"" };

			if ((fc->ctx & kind) && slot_of(f, kind, s.lock_id) < 0)
				VEC_PUSH(f->slots, s);
		}
	}
}

static void init_state(struct flow *f, unsigned char *st)
{
	memset(st, 0, f->state_size);
	st[f->state_size - 1] = 1; /* alive */
	for (size_t i = 0; i < f->slots.n; i++)
		depths(st)[i] = 1; /* depth 0 */
	for (int k = 0; k < NKINDS; k++) /* what the caller holds: depth 1 */
		if (f->entry_ctx & (1u << k))
			depths(st)[slot_of(f, 1u << k, ENTRY_LOCK)] = 2;
}

static void raise_slot(struct flow *f, unsigned char *st, int s, int call)
{
	uint8_t d = depths(st)[s];

	depths(st)[s] = (uint8_t)((d << 1) | (d & 0x80));
	acquirers(f, st, s)[call / 64] |= 1ULL << (call % 64);
}

/* Returns false if the slot cannot be held here. */
static bool lower_slot(struct flow *f, unsigned char *st, int s)
{
	uint8_t d = depths(st)[s];

	if (!(d & ~1u))
		return false;
	d = (uint8_t)((d >> 1) | (d & 1));
	depths(st)[s] = d;
	if (d == 1)
		memset(acquirers(f, st, s), 0,
		       sizeof(uint64_t) * (size_t)f->nwords);
	return true;
}

static bool may_hold(unsigned char *st, int s)
{
	return depths(st)[s] & ~1u;
}

static void acquire(struct flow *f, unsigned char *st, int call)
{
	const struct flow_call *fc = &f->calls[call];

	for (int k = 0; k < NKINDS; k++)
		if (fc->ctx & (1u << k))
			raise_slot(f, st, slot_of(f, 1u << k, fc->lock_id),
				   call);
}

/* A lock release lowers its own lock's slot; failing that (the lock was
 * reached through another expression, or a wrapper names none), every lock
 * slot that may be held.  *maybe: the slot it lowered may also not have
 * been held here (a path from the entry where the function has not taken
 * it: the loop of a helper that drops and retakes its caller's lock).
 * After a call that may have taken a lock of this kind unseen, the
 * caller's lock is not among those: a release that lowers none of the
 * function's own releases that lock (*hidden), as page_cache_release()'s
 * `if (lruvec) unlock_page_lruvec_irqrestore(lruvec, flags)` does.  After
 * a trylock whose result no condition tests, such a release is of the
 * lock it took (*own), the function's own. */
static bool release_lock(struct flow *f, unsigned char *st, unsigned kind,
			 const char *id, bool *maybe, bool *hidden, bool *own)
{
	int s = slot_of(f, kind, id);
	bool unseen = *hidden_taken(f, st) & kind, any = false;
	bool tried = *try_taken(f, st) & kind;

	*hidden = *own = false;
	*maybe = s >= 0 && (depths(st)[s] & 1u);
	if (s >= 0 && lower_slot(f, st, s))
		return true;
	*maybe = false;
	for (size_t i = 0; i < f->slots.n; i++)
		if (f->slots.v[i].kind == kind && may_hold(st, (int)i) &&
		    !((unseen || tried) &&
		      strcmp(f->slots.v[i].lock_id, ENTRY_LOCK) == 0))
			any |= lower_slot(f, st, (int)i);
	if (!any && tried) {
		*own = true;
		*try_taken(f, st) &= (unsigned char)~kind;
		return true;
	}
	if (!any && unseen) {
		*hidden = true;
		*hidden_taken(f, st) &= (unsigned char)~kind;
	}
	return any;
}

/* A release taken for that of a lock a callee took unseen lowers none of
 * the function's per-lock slots; the IRQ or BH kinds the same call
 * releases (spin_unlock_irqrestore()) are that lock's too where the
 * callee took it with them (flow_call.may_take), and leave the function's
 * single IRQ or BH slot as it was: kfree() under the caller's
 * local_irq_save() restores nothing of the caller's.  Per-lock kinds
 * first, so that the others know whether the lock was the hidden one. */
static void release(struct flow *f, unsigned char *st, int call, unsigned kinds,
		    const char *lock_id, bool record)
{
	static const unsigned order[NKINDS] = {
		CTX_LOCK, CTX_RAW, CTX_IRQ, CTX_BH, CTX_PREEMPT, CTX_RCU
	};
	bool lock_hidden = false, lock_own = false;

	for (int k = 0; k < NKINDS; k++) {
		unsigned kind = order[k];
		bool held, maybe = false, hidden = false, own = false;

		if (!(kinds & kind))
			continue;
		if (kind & PER_LOCK) {
			held = release_lock(f, st, kind, lock_id, &maybe,
					    &hidden, &own);
			lock_hidden |= hidden;
			lock_own |= own;
		} else if (lock_own && (*try_taken(f, st) & kind)) {
			/* the IRQ state the untested trylock saved */
			held = true;
			*try_taken(f, st) &= (unsigned char)~kind;
		} else if (lock_hidden && (*hidden_taken(f, st) & kind)) {
			hidden = true;
			*hidden_taken(f, st) &= (unsigned char)~kind;
		} else {
			maybe = depths(st)[slot_of(f, kind, "")] & 1u;
			held = lower_slot(f, st, slot_of(f, kind, ""));
		}
		if (hidden) {
			if (record)
				f->released_hidden |= kind;
			continue;
		}
		if (held && maybe && record)
			f->released_maybe |= kind;
		if (!held && record) {
			if (!f->released_unheld)
				f->released_witness = call;
			f->released_unheld |= kind;
		}
	}
	/* the IRQ or BH state goes with the hidden lock that was taken with it */
	if (!(*hidden_taken(f, st) & PER_LOCK))
		*hidden_taken(f, st) = 0;
	if (!(*try_taken(f, st) & PER_LOCK))
		*try_taken(f, st) = 0;
}

/* Where call c acts: a trylock on one outcome of its test only (never
 * untested); another on its outcome when it has one and is tested, else
 * at the call. */
static enum call_when acts_when(const struct flow *f, const struct flow_call *c,
				int call)
{
	if (c->lock->action == LOCK_TRY)
		return c->when == WHEN_FALSE ? WHEN_FALSE : WHEN_TRUE;
	return f->tested[call] ? c->when : WHEN_CALLED;
}

/* The call whose lock rule acts at this event (at the call, or on the
 * outcome of its test), or NULL */
static const struct flow_call *acting_call(const struct flow *f,
					   const struct event *ev)
{
	const struct flow_call *c;
	enum call_when when;

	if (ev->kind != EV_CALL && ev->kind != EV_TRY_OK &&
	    ev->kind != EV_CALL_FALSE)
		return NULL; /* a parameter test or a return holds nothing */
	c = &f->calls[ev->call];
	if (!c->lock)
		return NULL;
	when = acts_when(f, c, ev->call);
	if (ev->kind == EV_CALL)
		return when == WHEN_CALLED ? c : NULL;
	return when == (ev->kind == EV_TRY_OK ? WHEN_TRUE : WHEN_FALSE) ? c :
									  NULL;
}

static void act(struct flow *f, unsigned char *st, const struct flow_call *c,
		int call, bool record)
{
	if (c->lock->action == LOCK_RELEASE)
		release(f, st, call, c->ctx, c->lock_id, record);
	else
		acquire(f, st, call);
}

static void transfer(struct flow *f, unsigned char *st, const struct event *ev,
		     bool record)
{
	const struct flow_call *c = acting_call(f, ev);

	/* a summarised callee may release some kinds and take others
	 * (irq_exit_rcu(): preemption back on, IRQs off) */
	if (ev->kind == EV_CALL && f->calls[ev->call].lock &&
	    f->calls[ev->call].release_ctx) {
		const struct flow_call *r = &f->calls[ev->call];

		release(f, st, ev->call, r->release_ctx,
			r->release_id ? r->release_id : "", record);
	}
	if (c)
		act(f, st, c, ev->call, record);
	/* a trylock whose result no condition tests (__text_poke()'s `ptep =
	 * get_locked_pte(...); VM_BUG_ON(!ptep);`, no test without
	 * CONFIG_DEBUG_VM) is relied on to have taken its lock: a later
	 * release that is of none of the function's own locks is of that
	 * one, not the caller's, or __text_poke() "released a spinlock", and
	 * static_key_slow_dec() and thousands of functions above it.  Not
	 * held for the calls between: the summary of a function that holds a
	 * lock on some of its returns only is more often one whose paths the
	 * flow cannot tell apart (6.1: 34 -> 814 findings that way). */
	if (ev->kind == EV_CALL && f->calls[ev->call].lock &&
	    f->calls[ev->call].lock->action == LOCK_TRY && !f->tested[ev->call])
		*try_taken(f, st) |=
			(unsigned char)(f->calls[ev->call].ctx &
					(PER_LOCK | CTX_IRQ | CTX_BH));
	if (ev->kind == EV_CALL && f->calls[ev->call].may_take)
		*hidden_taken(f, st) |=
			(unsigned char)f->calls[ev->call].may_take;
}

/* The copy bits of the splits of the variable an event tests or
 * assigns (0 if it has none) */
static unsigned split_bits(const struct flow *f, const struct event *ev)
{
	unsigned bits = 0;

	if (ev->kind != EV_PARAM_TRUE && ev->kind != EV_PARAM_FALSE &&
	    ev->kind != EV_PARAM_ANYBIT && ev->kind != EV_PARAM_NOBIT &&
	    ev->kind != EV_ASSIGN)
		return 0;
	for (int j = 0; j < f->nsplit; j++)
		if (f->split_var[j] == ev->call)
			bits |= 1u << j;
	return bits;
}

/* Whether copy c can take the edge a test of a split variable marks:
 * its truth (split_atom 0) must agree; a test of bits needs some atom of
 * the mask set (ANYBIT) or none (NOBIT, and a false test of the whole
 * variable); a true test of a variable split by bits decides nothing.
 * Where the atoms are those of some masks only (correlated_vars()), a
 * mask with bits outside every atom may be set in any copy, and one that
 * holds part of an atom decides nothing. */
static bool copy_agrees(const struct flow *f, const struct event *ev,
			unsigned bits, int c)
{
	uint64_t covered = 0, mask = (uint64_t)ev->value;
	bool set = false,
	     maybe = false; /* some bit of the mask surely / perhaps set */
	int j = __builtin_ctz(bits);

	if (!f->split_atom[j]) {
		if (ev->kind == EV_PARAM_TRUE || ev->kind == EV_PARAM_FALSE)
			return ((c >> j) & 1) == (ev->kind == EV_PARAM_TRUE);
		return true;
	}
	if (ev->kind == EV_PARAM_TRUE)
		return true;
	for (int i = j; i < f->nsplit; i++) {
		const uint64_t atom = f->split_atom[i];

		if (!(bits >> i & 1))
			continue;
		covered |= atom;
		if (!(c >> i & 1) ||
		    (ev->kind != EV_PARAM_FALSE && !(atom & mask)))
			continue; /* the atom is clear, or not in the mask */
		if (ev->kind == EV_PARAM_FALSE || !(atom & ~mask))
			set = true;
		else
			maybe = true; /* part of the atom is in the mask */
	}
	if (ev->kind == EV_PARAM_ANYBIT)
		return set || maybe || (mask & ~covered) != 0;
	return !set;
}

/* One event on every live copy of a row: a test of a correlated variable
 * ends the copies that disagree with it (copy_agrees()); its assignment
 * joins each copy with the ones of other truths, both ways (after it,
 * any truth is possible with what any held); a call that never returns
 * ends them all.  False when no copy goes on. */
static bool step(struct flow *f, unsigned char *r, const struct event *ev,
		 bool record)
{
	unsigned bits = split_bits(f, ev);
	bool any = false;

	for (int j = 0; bits && ev->kind == EV_ASSIGN && j < f->nsplit; j++) {
		if (!(bits >> j & 1))
			continue;
		for (int c = 0; c < f->ncopies; c++) {
			unsigned char *a = copy_of(f, r, c),
				      *b = copy_of(f, r, c | (1 << j));

			if (c & (1 << j))
				continue;
			for (size_t i = 0; i < f->state_size; i++)
				a[i] = b[i] = a[i] | b[i];
		}
	}
	for (int c = 0; c < f->ncopies; c++) {
		unsigned char *st = copy_of(f, r, c);

		if (!alive(f, st))
			continue;
		if ((bits && ev->kind != EV_ASSIGN &&
		     !copy_agrees(f, ev, bits, c)) ||
		    (ev->kind == EV_CALL && f->calls[ev->call].noreturn)) {
			memset(st, 0, f->state_size);
			continue;
		}
		transfer(f, st, ev, record);
		any = true;
	}
	return any;
}

/* The events of a block; false if no state leaves it (a call that never
 * returns, tests that rule out every copy). */
static bool run_block(struct flow *f, unsigned char *r, const struct block *blk)
{
	for (size_t e = 0; e < blk->events.n; e++)
		if (!step(f, r, &blk->events.v[e], false))
			return false;
	return true;
}

static bool merge_into(struct flow *f, unsigned char *dst,
		       const unsigned char *src)
{
	bool changed = false;

	for (size_t i = 0; i < f->row_size; i++) {
		unsigned char v = dst[i] | src[i];

		changed |= v != dst[i];
		dst[i] = v;
	}
	return changed;
}

static void flow_fixpoint(struct flow *f, unsigned char *tmp)
{
	int nblocks = (int)f->cfg->blocks.n;
	int *work = xmalloc(sizeof(int) * ((size_t)nblocks + 1));
	bool *queued = xcalloc((size_t)nblocks, sizeof(bool));
	int head = 0, tail = 0, cap = nblocks + 1;

	for (int c = 0; c < f->ncopies; c++)
		init_state(f, copy_of(f, row(f, f->cfg->entry), c));
	f->reached[f->cfg->entry] = true;
	work[tail++] = f->cfg->entry;
	queued[f->cfg->entry] = true;
	while (head != tail) {
		int b = work[head];
		const struct block *blk = &f->cfg->blocks.v[b];

		head = (head + 1) % cap;
		queued[b] = false;
		memcpy(tmp, row(f, b), f->row_size);
		if (!run_block(f, tmp, blk))
			continue; /* the block ends in a call that never returns */
		for (size_t s = 0; s < blk->succ.n; s++) {
			int to = blk->succ.v[s];
			bool changed = merge_into(f, row(f, to), tmp);

			if ((changed || !f->reached[to]) && !queued[to]) {
				work[tail] = to;
				tail = (tail + 1) % cap;
				queued[to] = true;
			}
			f->reached[to] = true;
		}
	}
	free(work);
	free(queued);
}

/* The kind a message names first (ctx_describe's order), so that the
 * witness is an acquisition of that kind. */
static const unsigned kind_priority[] = { CTX_LOCK,    CTX_IRQ, CTX_BH,
					  CTX_PREEMPT, CTX_RCU, CTX_RAW };

/* Context kinds that may be in force, and the earliest acquisition of the
 * kind the message will name. */
static void describe(struct flow *f, unsigned char *st, unsigned *ctx,
		     int *witness)
{
	*ctx = 0;
	*witness = -1;
	for (size_t s = 0; s < f->slots.n; s++)
		if (may_hold(st, (int)s))
			*ctx |= f->slots.v[s].kind;
	for (size_t k = 0;
	     k < sizeof(kind_priority) / sizeof(*kind_priority) && *witness < 0;
	     k++) {
		if (!(*ctx & kind_priority[k]))
			continue;
		for (size_t s = 0; s < f->slots.n; s++) {
			uint64_t *acq = acquirers(f, st, (int)s);

			if (f->slots.v[s].kind != kind_priority[k] ||
			    !may_hold(st, (int)s))
				continue;
			for (int c = 0; c < f->ncalls; c++) {
				if (acq[c / 64] >> (c % 64) & 1) {
					if (*witness < 0 || c < *witness)
						*witness = c;
					break;
				}
			}
		}
	}
}

/* Kinds held at this point on every path (depth 0 impossible). */
static unsigned must_hold(struct flow *f, unsigned char *st)
{
	unsigned ctx = 0;

	for (size_t s = 0; s < f->slots.n; s++)
		if (!(depths(st)[s] & 1u))
			ctx |= f->slots.v[s].kind;
	return ctx;
}

/* Slots, states and the fixpoint for the current entry aliases. */
static void fixpoint(struct flow *f, unsigned char **tmp)
{
	int nblocks = (int)f->cfg->blocks.n;

	free(f->in);
	free(f->reached);
	free(*tmp);
	f->slots.n = 0;
	add_slots(f);
	f->nwords = f->ncalls / 64 + 1;
	/* rounded up to 8 bytes, with room for the alive byte, so that every
	 * copy's acquirer words stay aligned */
	f->state_size = (f->slots.n + 7) / 8 * 8 +
			f->slots.n * (size_t)f->nwords * sizeof(uint64_t) + 8;
	f->row_size = f->state_size * (size_t)f->ncopies;
	f->in = xcalloc((size_t)nblocks, f->row_size);
	f->reached = xcalloc((size_t)nblocks, sizeof(bool));
	*tmp = xcalloc(1, f->row_size);
	flow_fixpoint(f, *tmp);
}

/*
 * A lock of the function that it releases where it may not have taken it
 * is the lock its caller holds: "drop the caller's lock to allocate" loops
 * (unlock, kmalloc(GFP_KERNEL), lock, goto retry).  Kept as a separate
 * slot, the join at the loop head would pair "the caller's lock still
 * held" with "the function's own lock held" and the unlock would lower
 * only the latter; as one slot the unlock lowers the caller's.  Returns
 * whether a lock was added to the aliases.
 */
static bool find_entry_aliases(struct flow *f, unsigned char *tmp)
{
	VEC(struct slot)
	found = {
		0
	}; /* applied after the pass, which reads the slots as they are */
	bool any;

	if (!(f->entry_ctx & PER_LOCK))
		return false;
	for (size_t b = 0; b < f->cfg->blocks.n; b++) {
		const struct block *blk = &f->cfg->blocks.v[b];

		if (!f->reached[b])
			continue;
		memcpy(tmp, row(f, (int)b), f->row_size);
		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];
			const struct flow_call *c = acting_call(f, ev);

			for (int cp = 0; c && c->lock->action == LOCK_RELEASE &&
					 *c->lock_id && cp < f->ncopies;
			     cp++) {
				unsigned char *st = copy_of(f, tmp, cp);

				for (int k = 0; k < NKINDS && alive(f, st);
				     k++) {
					unsigned kind = 1u << k;
					int s = slot_of(f, kind, c->lock_id);
					struct slot alias = { kind,
							      c->lock_id };

					if (!(kind & PER_LOCK & c->ctx &
					      f->entry_ctx) ||
					    s < 0 ||
					    strcmp(f->slots.v[s].lock_id,
						   ENTRY_LOCK) == 0 ||
					    !(depths(st)[s] & 1u))
						continue;
					VEC_PUSH(found, alias);
				}
			}
			if (!step(f, tmp, ev, false))
				break;
		}
	}
	any = found.n > 0;
	for (size_t i = 0; i < found.n; i++)
		VEC_PUSH(f->entry_aliases, found.v[i]);
	VEC_FREE(found);
	return any;
}

/* The masks a variable's bits are tested with */
struct var_masks {
	int nmasks; /* distinct masks; -1: too many */
	uint64_t masks[MAX_MASKS];
};

/* What correlated_vars() learns of one condition variable */
struct var_tests {
	int blocks; /* blocks with a test of it */
	bool locks; /* one of them takes or releases a lock */
	struct var_masks all; /* the masks of its bit tests */
	struct var_masks
		at_locks; /* those tested in a block that takes or releases a lock */
};

/* The atoms of a variable's masks: the bits grouped by the masks that
 * hold them, so that each mask is a union of atoms and "some bit of the
 * mask set" is "some atom of it set" (`jobctl & (A | B)`, `jobctl & A`,
 * `jobctl & B`: atoms A and B).  Their number, at most `room`, else -1. */
static int mask_atoms(const struct var_masks *v, uint64_t *atom, int room)
{
	uint64_t all = 0, seen = 0;
	int n = 0;

	for (int i = 0; i < v->nmasks; i++)
		all |= v->masks[i];
	for (int b = 0; b < 64; b++) {
		uint64_t bit = 1ULL << b, a = all;

		if (!(all & bit) || (seen & bit))
			continue;
		for (int i = 0; i < v->nmasks; i++)
			a &= (v->masks[i] & bit) ? v->masks[i] : ~v->masks[i];
		if (n == room)
			return -1;
		atom[n++] = a;
		seen |= a;
	}
	return n;
}

static void note_test(struct var_masks *v, const struct event *ev)
{
	int i;

	if (ev->kind != EV_PARAM_ANYBIT && ev->kind != EV_PARAM_NOBIT)
		return;
	for (i = 0; i < v->nmasks && v->masks[i] != (uint64_t)ev->value; i++)
		;
	if (v->nmasks < 0 || i < v->nmasks)
		return;
	if (v->nmasks == MAX_MASKS)
		v->nmasks = -1;
	else
		v->masks[v->nmasks++] = (uint64_t)ev->value;
}

/*
 * Variables that the function tests in two places or more whose tests
 * agree until the variable is assigned again (the extraction marks only
 * those: parameters and locals it never changes, locals assigned by
 * statements of their own, cfg.h): `if (should_lock) spin_lock(l); ...
 * if (should_lock) spin_unlock(l);`, `pte = huge_pte_offset(...); if
 * (pte) ptl = huge_pte_lock(...); ... if (pte) spin_unlock(ptl);` in a
 * loop, and flag bits: get_signal()'s `if (jobctl & (A | B)) { if (jobctl
 * & A) ...unlock...; else if (jobctl & B) ...unlock...; goto relock; }`
 * has no path with neither bit.  Each block's state has one copy per
 * truth of each such variable, or of each atom of the masks its bits are
 * tested with (step()), so the unlock matches the lock.  At most
 * FLOW_MAX_SPLIT truths, for the variables tested where a lock is taken or
 * released first, the cheaper first; the other tests are ignored.  A
 * variable whose masks have more atoms than that is split by the atoms of
 * the masks tested where the lock is taken or released, if they fit
 * (copy_agrees() lets its other masks decide only what those tell).
 */
static void correlated_vars(struct flow *f)
{
	const struct cfg *cfg = f->cfg;
	struct var_tests v[64];

	memset(v, 0, sizeof(v));
	for (size_t b = 0; b < cfg->blocks.n; b++) {
		const struct block *blk = &cfg->blocks.v[b];
		uint64_t tests = 0;
		bool lock = false;

		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			if ((ev->kind == EV_PARAM_TRUE ||
			     ev->kind == EV_PARAM_FALSE ||
			     ev->kind == EV_PARAM_ANYBIT ||
			     ev->kind == EV_PARAM_NOBIT) &&
			    ev->call >= 0 && ev->call < 64) {
				tests |= 1ULL << ev->call;
				note_test(&v[ev->call].all, ev);
			}
			lock |= ev->kind != EV_RETURN && ev->call >= 0 &&
				ev->call < f->ncalls &&
				(ev->kind == EV_CALL || ev->kind == EV_TRY_OK ||
				 ev->kind == EV_CALL_FALSE) &&
				f->calls[ev->call].lock;
		}
		for (size_t e = 0; lock && e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			if (ev->call >= 0 && ev->call < 64 &&
			    (tests >> ev->call & 1))
				note_test(&v[ev->call].at_locks, ev);
		}
		for (int k = 0; k < 64; k++) {
			v[k].blocks += (tests >> k) & 1;
			v[k].locks |= ((tests >> k) & 1) && lock;
		}
	}
	f->nsplit = 0;
	/* a test marks both of its edges: one test is two blocks, so two
	 * tests are three blocks or more */
	for (int pass = 0; pass < 2; pass++)
		for (int cost = 1; cost <= FLOW_MAX_SPLIT; cost++)
			for (int k = 0; k < 64 && f->nsplit < FLOW_MAX_SPLIT;
			     k++) {
				uint64_t atom[FLOW_MAX_SPLIT];
				int n = 1;

				if (v[k].blocks < 3 ||
				    v[k].locks != (pass == 0))
					continue;
				atom[0] = 0;
				/* too many atoms: those of the masks tested where
				 * the lock is taken or released (path_init()'s
				 * `flags & LOOKUP_RCU` of four masks) */
				if (v[k].all.nmasks != 0 &&
				    (v[k].all.nmasks < 0 ||
				     (n = mask_atoms(&v[k].all, atom,
						     FLOW_MAX_SPLIT)) < 0) &&
				    (v[k].at_locks.nmasks <= 0 ||
				     (n = mask_atoms(&v[k].at_locks, atom,
						     FLOW_MAX_SPLIT)) < 0))
					continue;
				if (n != cost || f->nsplit + n > FLOW_MAX_SPLIT)
					continue;
				for (int i = 0; i < n; i++) {
					f->split_var[f->nsplit] = k;
					f->split_atom[f->nsplit++] = atom[i];
				}
			}
	f->ncopies = 1 << f->nsplit;
}

/* The flow to its fixpoint, and what each call and return sees. */
static void run_flow(struct flow *f, struct flow_result *out)
{
	const struct cfg *cfg = f->cfg;
	int nblocks = (int)cfg->blocks.n;
	unsigned char *tmp = NULL;

	f->released_unheld = 0;
	f->released_maybe = 0;
	f->released_hidden = 0;
	f->released_witness = -1;
	f->entry_aliases.n = 0;
	fixpoint(f, &tmp);
	if (find_entry_aliases(f, tmp))
		fixpoint(f, &tmp);

	out->ctx = xcalloc((size_t)f->ncalls + 1, sizeof(unsigned));
	out->witness = xmalloc(sizeof(int) * ((size_t)f->ncalls + 1));
	out->reached = xcalloc((size_t)f->ncalls + 1, sizeof(bool));
	out->held_copies =
		xcalloc((size_t)f->ncalls + 1, sizeof(*out->held_copies));
	out->nsplit = f->nsplit;
	memcpy(out->split_var, f->split_var, sizeof(f->split_var));
	memcpy(out->split_atom, f->split_atom, sizeof(f->split_atom));
	for (int i = 0; i < f->ncalls; i++)
		out->witness[i] = -1;
	out->exit_ctx = 0;
	out->exit_must_ctx = ~0u;
	out->exit_witness = -1;
	out->returns = false;
	memset(out->ret, 0, sizeof(out->ret));
	/* one last pass with the fixpoint states, recording what each call sees */
	for (int b = 0; b < nblocks; b++) {
		const struct block *blk = &cfg->blocks.v[b];

		if (!f->reached[b])
			continue;
		memcpy(tmp, row(f, b), f->row_size);
		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			for (int c = 0; c < f->ncopies; c++) {
				unsigned char *st = copy_of(f, tmp, c);
				unsigned ctx;
				int w;

				if (!alive(f, st) || (ev->kind != EV_CALL &&
						      ev->kind != EV_RETURN))
					continue;
				describe(f, st, &ctx, &w);
				if (ev->kind == EV_CALL) {
					out->reached[ev->call] = true;
					out->ctx[ev->call] |= ctx;
					if (ctx)
						out->held_copies[ev->call] |=
							(uint16_t)(1u << c);
					if (out->witness[ev->call] < 0)
						out->witness[ev->call] = w;
				} else if (ev->call >= RET_FALSE &&
					   ev->call <= RET_OTHER) {
					struct flow_returns *r =
						&out->ret[ev->call];

					r->must =
						r->reached ?
							r->must &
								must_hold(f,
									  st) :
							must_hold(f, st);
					r->may |= ctx;
					r->reached = true;
				}
			}
			if (!step(f, tmp, ev, true))
				break;
		}
	}
	for (int c = 0; f->reached[cfg->exit] && c < f->ncopies; c++) {
		unsigned char *st = copy_of(f, row(f, cfg->exit), c);
		unsigned ctx;
		int w;

		if (!alive(f, st))
			continue;
		describe(f, st, &ctx, &w);
		out->exit_ctx |= ctx;
		if (out->exit_witness < 0)
			out->exit_witness = w;
		out->exit_must_ctx &= must_hold(f, st);
		out->returns = true;
	}
	out->released_unheld = f->released_unheld;
	out->released_maybe = f->released_maybe;
	out->released_hidden = f->released_hidden;
	out->released_witness = f->released_witness;
	free(tmp);
}

void flow_run(const struct cfg *cfg, const struct flow_call *calls, int ncalls,
	      unsigned entry_ctx, struct flow_result *out)
{
	struct flow f = { .cfg = cfg,
			  .calls = calls,
			  .ncalls = ncalls,
			  .released_witness = -1,
			  .entry_ctx = entry_ctx & ((1u << NKINDS) - 1) };

	correlated_vars(&f);
	f.tested = xcalloc((size_t)ncalls + 1, sizeof(bool));
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			const struct event *ev = &cfg->blocks.v[b].events.v[e];

			if ((ev->kind == EV_TRY_OK ||
			     ev->kind == EV_CALL_FALSE) &&
			    ev->call >= 0 && ev->call < ncalls)
				f.tested[ev->call] = true;
		}
	run_flow(&f, out);
	if (!out->returns)
		out->exit_must_ctx = 0;
	free(f.in);
	free(f.reached);
	free(f.tested);
	VEC_FREE(f.slots);
	VEC_FREE(f.entry_aliases);
}

unsigned flow_held_by_outcome(const struct flow_result *r)
{
	unsigned held = 0;

	for (int k = 0; k < 3; k++)
		if (r->ret[k].reached)
			held |= r->ret[k].must;
	return held;
}

void flow_result_free(struct flow_result *r)
{
	free(r->ctx);
	free(r->witness);
	free(r->reached);
	free(r->held_copies);
	memset(r, 0, sizeof(*r));
}

/* Does event ev pass a declaration: a marked call, or the entry into the
 * body of `if (WARN_ON(x))`? */
static bool passes_marked(const struct event *ev, const bool *marked,
			  int ncalls)
{
	return ev->kind == EV_UNEXPECTED ||
	       (ev->kind == EV_CALL && ev->call >= 0 && ev->call < ncalls &&
		marked[ev->call]);
}

/* Forward must-dataflow of one bit, "a marked call was evaluated": the
 * meet over predecessors is AND, every block but the entry starts at true
 * (the greatest fixpoint), and only blocks reached from the entry count. */
bool flow_must_pass(const struct cfg *cfg, const bool *marked, const bool *dead,
		    int ncalls, bool *after)
{
	bool exit_after;
	int nblocks = (int)cfg->blocks.n;
	bool *in = xmalloc(sizeof(bool) * ((size_t)nblocks + 1));
	bool *reached = xcalloc((size_t)nblocks + 1, sizeof(bool)), *seen;
	bool changed = true;

	for (int b = 0; b < nblocks; b++)
		in[b] = b != cfg->entry;
	if (cfg->entry >= 0 && cfg->entry < nblocks &&
	    !(dead && dead[cfg->entry]))
		reached[cfg->entry] = true;
	while (changed) {
		changed = false;
		for (int b = 0; b < nblocks; b++) {
			const struct block *blk = &cfg->blocks.v[b];
			bool out = in[b];

			if (!reached[b])
				continue;
			for (size_t e = 0; e < blk->events.n; e++)
				out |= passes_marked(&blk->events.v[e], marked,
						     ncalls);
			for (size_t k = 0; k < blk->succ.n; k++) {
				int s = blk->succ.v[k];

				if (s < 0 || s >= nblocks || (dead && dead[s]))
					continue;
				if (!reached[s]) {
					reached[s] = true;
					in[s] = out && s != cfg->entry;
					changed = true;
				} else if (in[s] && !out) {
					in[s] = false;
					changed = true;
				}
			}
		}
	}
	/* a call can sit in several blocks (cleanups copied onto each exit
	 * path): it is after a marked call only if it is so in all of them */
	for (int i = 0; i < ncalls; i++)
		after[i] = true;
	seen = xcalloc((size_t)ncalls + 1, sizeof(bool));
	for (int b = 0; b < nblocks; b++) {
		const struct block *blk = &cfg->blocks.v[b];
		bool passed = in[b];

		if (!reached[b])
			continue;
		for (size_t e = 0; e < blk->events.n; e++) {
			int c = blk->events.v[e].call;

			if (blk->events.v[e].kind == EV_CALL && c >= 0 &&
			    c < ncalls) {
				after[c] &= passed;
				seen[c] = true;
			}
			passed |= passes_marked(&blk->events.v[e], marked,
						ncalls);
		}
	}
	for (int i = 0; i < ncalls; i++)
		after[i] &= seen[i];
	exit_after = cfg->exit >= 0 && cfg->exit < nblocks &&
		     reached[cfg->exit] && in[cfg->exit];
	free(seen);
	free(in);
	free(reached);
	return exit_after;
}

/* The parameters an event makes true (gen) or no longer known (kill) */
static unsigned param_event_gen(const struct event *ev)
{
	bool is_param = ev->call >= 0 && ev->call < 32;

	return is_param && ((ev->kind == EV_PARAM_TRUE && ev->value == 0) ||
			    ev->kind == EV_DEREF) ?
		       1u << ev->call :
		       0;
}

static unsigned param_event_kill(const struct event *ev)
{
	return ev->kind == EV_ASSIGN && ev->call >= 0 && ev->call < 32 ?
		       1u << ev->call :
		       0;
}

/* A forward must-dataflow of the parameters known true, as
 * flow_must_pass() runs one of a single bit */
void flow_true_params(const struct cfg *cfg, int ncalls, unsigned *true_at)
{
	int nblocks = (int)cfg->blocks.n;
	unsigned *in = xmalloc(sizeof(unsigned) * ((size_t)nblocks + 1));
	bool *reached = xcalloc((size_t)nblocks + 1, sizeof(bool)), *seen;
	bool changed = true;

	for (int b = 0; b < nblocks; b++)
		in[b] = b == cfg->entry ? 0 : ~0u;
	if (cfg->entry >= 0 && cfg->entry < nblocks)
		reached[cfg->entry] = true;
	while (changed) {
		changed = false;
		for (int b = 0; b < nblocks; b++) {
			const struct block *blk = &cfg->blocks.v[b];
			unsigned out = in[b];

			if (!reached[b])
				continue;
			for (size_t e = 0; e < blk->events.n; e++)
				out = (out &
				       ~param_event_kill(&blk->events.v[e])) |
				      param_event_gen(&blk->events.v[e]);
			for (size_t k = 0; k < blk->succ.n; k++) {
				int s = blk->succ.v[k];
				unsigned meet;

				if (s < 0 || s >= nblocks)
					continue;
				meet = reached[s] ? in[s] & out : out;
				if (s == cfg->entry)
					meet = 0;
				if (!reached[s] || meet != in[s]) {
					reached[s] = true;
					in[s] = meet;
					changed = true;
				}
			}
		}
	}
	/* a call in several blocks: what holds in all of them */
	seen = xcalloc((size_t)ncalls + 1, sizeof(bool));
	for (int i = 0; i < ncalls; i++)
		true_at[i] = ~0u;
	for (int b = 0; b < nblocks; b++) {
		const struct block *blk = &cfg->blocks.v[b];
		unsigned now = in[b];

		if (!reached[b])
			continue;
		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			if (ev->kind == EV_CALL && ev->call >= 0 &&
			    ev->call < ncalls) {
				true_at[ev->call] &= now;
				seen[ev->call] = true;
			}
			now = (now & ~param_event_kill(ev)) |
			      param_event_gen(ev);
		}
	}
	for (int i = 0; i < ncalls; i++)
		if (!seen[i])
			true_at[i] = 0;
	free(seen);
	free(in);
	free(reached);
}
