// SPDX-License-Identifier: GPL-2.0
/*
 * may_sleep_flag: a mask chosen by a flag through which the owner of a
 * request says whether the code serving it may sleep (contexts.rules:
 * may-sleep-flag) sleeps only where the owner said the context may.
 * 6.1's ahash_save_req() allocates with `(req->base.flags &
 * CRYPTO_TFM_REQ_MAY_SLEEP) ? GFP_KERNEL : GFP_ATOMIC`; under
 * tcp_v4_send_reset()'s rcu_read_lock() it was reported, though the
 * request there is set up with flags 0.
 *  - msf_save() is that shape; msf_local() chooses through a local with
 *    the test negated; msf_compared() compares the test with 0;
 *    msf_lookup() tests LOOKUP_RCU, whose being set says the context may
 *    not sleep: under msf_serve()'s spinlock none is reported.
 *  - msf_backlog() tests CRYPTO_TFM_REQ_MAY_BACKLOG, which says nothing
 *    of sleeping, and msf_inverted() takes GFP_KERNEL where the flag is
 *    clear: both reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/crypto.h>
#include <linux/namei.h>

struct msf_req {
	spinlock_t lock;
	struct crypto_async_request base;
	unsigned int lookup_flags;
	void *a, *b, *c, *d, *e, *f;
};

/* Entry point of this test module, declared for -Wmissing-prototypes. */
void msf_serve(struct msf_req *r);

static noinline void *msf_save(struct msf_req *r)
{
	return kmalloc(64, (r->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) ?
				   GFP_KERNEL :
				   GFP_ATOMIC);
}

static noinline void *msf_local(struct msf_req *r)
{
	gfp_t gfp = !(r->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) ? GFP_ATOMIC :
								  GFP_KERNEL;

	return kzalloc(32, gfp);
}

static noinline void *msf_compared(struct msf_req *r)
{
	return kmalloc(16, (r->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) == 0 ?
				   GFP_ATOMIC :
				   GFP_KERNEL);
}

static noinline void *msf_lookup(struct msf_req *r)
{
	return kmalloc(8, r->lookup_flags & LOOKUP_RCU ? GFP_ATOMIC :
							  GFP_KERNEL);
}

static noinline void *msf_backlog(struct msf_req *r)
{
	return kmalloc(128, (r->base.flags & CRYPTO_TFM_REQ_MAY_BACKLOG) ? /* expect: gfp-sleep-in-atomic:warning "spinlock held" "msf_serve: spin_lock(&r->lock): spinlock held" */
				    GFP_KERNEL :
				    GFP_ATOMIC);
}

static noinline void *msf_inverted(struct msf_req *r)
{
	return kmalloc(256, (r->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) ? /* expect: gfp-sleep-in-atomic:warning "spinlock held" "msf_serve: spin_lock(&r->lock): spinlock held" */
				    GFP_ATOMIC :
				    GFP_KERNEL);
}

void msf_serve(struct msf_req *r)
{
	spin_lock(&r->lock);
	r->a = msf_save(r);
	r->b = msf_local(r);
	r->c = msf_compared(r);
	r->d = msf_lookup(r);
	r->e = msf_backlog(r);
	r->f = msf_inverted(r);
	spin_unlock(&r->lock);
}

MODULE_DESCRIPTION("gfpcheck test: a mask chosen by a flag that says the context may sleep");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/may_sleep_flag.c:64:9: warning: kmalloc() with (r->base.flags & CRYPTO_TFM_REQ_MAY_BACKLOG) ? GFP_KERNEL : GFP_ATOMIC may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/may_sleep_flag.c:78: note: spin_lock(&r->lock): spinlock held from here (in msf_serve)
 * inter/may_sleep_flag.c:83: note: calls msf_backlog() (in msf_serve)
 * inter/may_sleep_flag.c:64: note: kmalloc(128, (r->base.flags & CRYPTO_TFM_REQ_MAY_BACKLOG) ? GFP_KERNEL : GFP_ATOMIC) may sleep (direct reclaim) (in msf_backlog)
 * inter/may_sleep_flag.c:71:9: warning: kmalloc() with (r->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) ? GFP_ATOMIC : GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/may_sleep_flag.c:78: note: spin_lock(&r->lock): spinlock held from here (in msf_serve)
 * inter/may_sleep_flag.c:84: note: calls msf_inverted() (in msf_serve)
 * inter/may_sleep_flag.c:71: note: kmalloc(256, (r->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) ? GFP_ATOMIC : GFP_KERNEL) may sleep (direct reclaim) (in msf_inverted)
 * check-output-end
 */
