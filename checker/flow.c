// SPDX-License-Identifier: GPL-2.0
#include "flow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Facts are numbered by the call that acquires them, so the set is a
 * bitset over call indexes. */
struct bits {
	uint64_t *w;
	int nwords;
};

struct flow {
	const struct cfg *cfg;
	const struct flow_call *calls;
	int ncalls, nwords;
	uint64_t *in;		/* nblocks x nwords */
	bool *reached;
	unsigned released_unheld;
	int released_witness;
};

static uint64_t *row(struct flow *f, uint64_t *base, int blk)
{
	return base + (size_t)blk * (size_t)f->nwords;
}

static bool has(const uint64_t *s, int i)
{
	return s[i / 64] >> (i % 64) & 1;
}

static void set(uint64_t *s, int i)
{
	s[i / 64] |= 1ULL << (i % 64);
}

static void clr(uint64_t *s, int i)
{
	s[i / 64] &= ~(1ULL << (i % 64));
}

static bool same_lock(const struct flow_call *a, const struct flow_call *b)
{
	return strcmp(a->lock_id, b->lock_id) == 0;
}

/* A release kills the acquisitions of the same lock; failing that, those of
 * the same kind (the lock was reached through another expression); failing
 * that, the function releases something its caller acquired. */
static void apply_release(struct flow *f, uint64_t *s, int call, bool record)
{
	const struct flow_call *rel = &f->calls[call];
	unsigned kinds = rel->lock->ctx;
	bool killed = false;

	for (int i = 0; i < f->ncalls; i++) {
		const struct flow_call *acq = &f->calls[i];

		if (!has(s, i) || !(acq->lock->ctx & kinds))
			continue;
		if ((*rel->lock_id || *acq->lock_id) && !same_lock(acq, rel))
			continue;
		clr(s, i);
		killed = true;
	}
	for (int i = 0; !killed && i < f->ncalls; i++) {
		const struct flow_call *acq = &f->calls[i];

		if (has(s, i) && (acq->lock->ctx & kinds) == acq->lock->ctx) {
			clr(s, i);
			killed = true;
		}
	}
	if (!killed && record) {
		if (!f->released_unheld)
			f->released_witness = call;
		f->released_unheld |= kinds;
	}
}

static void transfer(struct flow *f, uint64_t *s, const struct event *ev, bool record)
{
	const struct flow_call *c = &f->calls[ev->call];

	if (!c->lock)
		return;
	if (ev->kind == EV_TRY_OK) {
		set(s, ev->call);
		return;
	}
	switch (c->lock->action) {
	case LOCK_ACQUIRE:
		set(s, ev->call);
		break;
	case LOCK_RELEASE:
		apply_release(f, s, ev->call, record);
		break;
	case LOCK_TRY:
		break;
	}
}

static bool merge_into(uint64_t *dst, const uint64_t *src, int nwords)
{
	bool changed = false;

	for (int i = 0; i < nwords; i++) {
		uint64_t v = dst[i] | src[i];

		changed |= v != dst[i];
		dst[i] = v;
	}
	return changed;
}

static void solve(struct flow *f, uint64_t *tmp)
{
	int nblocks = (int)f->cfg->blocks.n;
	int *work = xmalloc(sizeof(int) * (size_t)nblocks * 2 + sizeof(int));
	bool *queued = xcalloc((size_t)nblocks, sizeof(bool));
	int head = 0, tail = 0, cap = nblocks * 2 + 1;

	f->reached[f->cfg->entry] = true;
	work[tail++] = f->cfg->entry;
	queued[f->cfg->entry] = true;
	while (head != tail) {
		int b = work[head];
		const struct block *blk = &f->cfg->blocks.v[b];

		head = (head + 1) % cap;
		queued[b] = false;
		memcpy(tmp, row(f, f->in, b), sizeof(uint64_t) * (size_t)f->nwords);
		for (size_t e = 0; e < blk->events.n; e++)
			transfer(f, tmp, &blk->events.v[e], false);
		for (size_t s = 0; s < blk->succ.n; s++) {
			int to = blk->succ.v[s];
			bool changed = merge_into(row(f, f->in, to), tmp, f->nwords);

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

static void describe(struct flow *f, const uint64_t *s, unsigned *ctx, int *witness)
{
	*ctx = 0;
	*witness = -1;
	for (int i = 0; i < f->ncalls; i++) {
		if (!has(s, i))
			continue;
		*ctx |= f->calls[i].lock->ctx;
		if (*witness < 0)
			*witness = i;
	}
}

void flow_run(const struct cfg *cfg, const struct flow_call *calls, int ncalls,
	      struct flow_result *out)
{
	struct flow f = { .cfg = cfg, .calls = calls, .ncalls = ncalls };
	int nblocks = (int)cfg->blocks.n;
	uint64_t *tmp;

	f.nwords = ncalls / 64 + 1;
	f.in = xcalloc((size_t)nblocks * (size_t)f.nwords, sizeof(uint64_t));
	f.reached = xcalloc((size_t)nblocks, sizeof(bool));
	f.released_witness = -1;
	tmp = xcalloc((size_t)f.nwords, sizeof(uint64_t));
	solve(&f, tmp);

	out->ctx = xcalloc((size_t)ncalls + 1, sizeof(unsigned));
	out->witness = xmalloc(sizeof(int) * ((size_t)ncalls + 1));
	out->reached = xcalloc((size_t)ncalls + 1, sizeof(bool));
	for (int i = 0; i < ncalls; i++)
		out->witness[i] = -1;
	/* one last pass with the fixpoint states, recording what each call sees */
	for (int b = 0; b < nblocks; b++) {
		const struct block *blk = &cfg->blocks.v[b];

		if (!f.reached[b])
			continue;
		memcpy(tmp, row(&f, f.in, b), sizeof(uint64_t) * (size_t)f.nwords);
		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			if (ev->kind == EV_CALL) {
				unsigned ctx;
				int w;

				describe(&f, tmp, &ctx, &w);
				out->reached[ev->call] = true;
				out->ctx[ev->call] |= ctx;
				if (out->witness[ev->call] < 0)
					out->witness[ev->call] = w;
			}
			transfer(&f, tmp, ev, true);
		}
	}
	describe(&f, row(&f, f.in, cfg->exit), &out->exit_ctx, &out->exit_witness);
	if (!f.reached[cfg->exit])
		out->exit_ctx = 0;
	out->released_unheld = f.released_unheld;
	out->released_witness = f.released_witness;
	free(tmp);
	free(f.in);
	free(f.reached);
}

void flow_result_free(struct flow_result *r)
{
	free(r->ctx);
	free(r->witness);
	free(r->reached);
	memset(r, 0, sizeof(*r));
}
