// SPDX-License-Identifier: GPL-2.0
/*
 * implicit_null_field: a pointer field that a designated initialiser
 * leaves out is NULL at the call the struct is passed to, and a callee
 * given that field of its parameter as an argument knows it.  6.1's
 * neigh_proxy_process() (spin_lock) reaches addrconf_f6i_alloc():
 *	struct fib6_config cfg = { .fc_table = ..., .fc_flags = RTF_UP |
 *		RTF_NONEXTHOP, .fc_dst_len = 128, ... };	   (no .fc_mx)
 *	cfg.fc_type = RTN_LOCAL; cfg.fc_flags |= RTF_LOCAL;
 *	f6i = ip6_route_info_create(&cfg, gfp_flags, NULL);
 * which calls ip_fib_metrics_init(net, cfg->fc_mx, cfg->fc_mx_len,
 * extack): `if (!fc_mx) return ...;` before its kzalloc(GFP_KERNEL).
 *  - inf_addr_alloc() is that shape under a spinlock: not reported.
 *  - inf_route_add() names `.mx` with a value its caller gives: reported.
 *  - inf_addr_alloc_set() writes `cfg.mx` by member before the call:
 *    reported.
 *  - inf_addr_alloc_default(): its callee sets `cfg->mx` before passing
 *    it on: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct inf_config {
	int table;
	unsigned int flags;
	int dst_len;
	bool ignore_down;
	int type;
	void *mx;
	int mx_len;
	void *encap;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *inf_addr_alloc(int anycast);
void *inf_route_add(void *mx);
void *inf_addr_alloc_set(void *mx);
void *inf_addr_alloc_default(void);

static DEFINE_SPINLOCK(inf_lock);
static int inf_default_mx;

/* ip_fib_metrics_init() */
static noinline void *inf_metrics_init(void *mx, int len)
{
	if (!mx)
		return NULL;
	return kzalloc(len + 1, GFP_KERNEL);
}

static noinline void *inf_metrics_init_add(void *mx, int len)
{
	if (!mx)
		return NULL;
	return kzalloc(len + 2, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "inf_route_add: calls inf_route_create_add()" */
}

static noinline void *inf_metrics_init_set(void *mx, int len)
{
	if (!mx)
		return NULL;
	return kzalloc(len + 3, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "inf_addr_alloc_set: calls inf_route_create_set()" */
}

static noinline void *inf_metrics_init_default(void *mx, int len)
{
	if (!mx)
		return NULL;
	return kzalloc(len + 4, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "inf_addr_alloc_default: calls inf_route_create_default()" */
}

/* ip6_route_info_create() */
static noinline void *inf_route_create(struct inf_config *cfg)
{
	if (cfg->flags & 4)
		return NULL;
	if (cfg->dst_len > 128)
		return NULL;
	return inf_metrics_init(cfg->mx, cfg->mx_len);
}

static noinline void *inf_route_create_add(struct inf_config *cfg)
{
	if (cfg->dst_len > 128)
		return NULL;
	return inf_metrics_init_add(cfg->mx, cfg->mx_len);
}

static noinline void *inf_route_create_set(struct inf_config *cfg)
{
	if (cfg->dst_len > 128)
		return NULL;
	return inf_metrics_init_set(cfg->mx, cfg->mx_len);
}

static noinline void *inf_route_create_default(struct inf_config *cfg)
{
	if (!cfg->mx)
		cfg->mx = &inf_default_mx;
	return inf_metrics_init_default(cfg->mx, cfg->mx_len);
}

/* addrconf_f6i_alloc() */
void *inf_addr_alloc(int anycast)
{
	struct inf_config cfg = {
		.table = 255,
		.flags = 1,
		.dst_len = 128,
		.ignore_down = true,
	};
	void *r;

	if (anycast) {
		cfg.type = 2;
		cfg.flags |= 8;
	} else {
		cfg.type = 3;
		cfg.flags |= 16;
	}
	spin_lock(&inf_lock);
	r = inf_route_create(&cfg);
	spin_unlock(&inf_lock);
	return r;
}

void *inf_route_add(void *mx)
{
	struct inf_config cfg = { .dst_len = 64, .mx = mx, .mx_len = 8 };
	void *r;

	spin_lock(&inf_lock);
	r = inf_route_create_add(&cfg);
	spin_unlock(&inf_lock);
	return r;
}

void *inf_addr_alloc_set(void *mx)
{
	struct inf_config cfg = { .dst_len = 64 };
	void *r;

	cfg.mx = mx;
	spin_lock(&inf_lock);
	r = inf_route_create_set(&cfg);
	spin_unlock(&inf_lock);
	return r;
}

void *inf_addr_alloc_default(void)
{
	struct inf_config cfg = { .dst_len = 64 };
	void *r;

	spin_lock(&inf_lock);
	r = inf_route_create_default(&cfg);
	spin_unlock(&inf_lock);
	return r;
}

MODULE_DESCRIPTION("gfpcheck test: a pointer field a designated initialiser leaves NULL");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/implicit_null_field.c:56:9: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/implicit_null_field.c:133: note: spin_lock(&inf_lock): spinlock held from here (in inf_route_add)
 * inter/implicit_null_field.c:134: note: calls inf_route_create_add() (in inf_route_add)
 * inter/implicit_null_field.c:87: note: calls inf_metrics_init_add() (in inf_route_create_add)
 * inter/implicit_null_field.c:56: note: kzalloc(len + 2, GFP_KERNEL) may sleep (direct reclaim) (in inf_metrics_init_add)
 * inter/implicit_null_field.c:63:9: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/implicit_null_field.c:145: note: spin_lock(&inf_lock): spinlock held from here (in inf_addr_alloc_set)
 * inter/implicit_null_field.c:146: note: calls inf_route_create_set() (in inf_addr_alloc_set)
 * inter/implicit_null_field.c:94: note: calls inf_metrics_init_set() (in inf_route_create_set)
 * inter/implicit_null_field.c:63: note: kzalloc(len + 3, GFP_KERNEL) may sleep (direct reclaim) (in inf_metrics_init_set)
 * inter/implicit_null_field.c:70:9: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/implicit_null_field.c:156: note: spin_lock(&inf_lock): spinlock held from here (in inf_addr_alloc_default)
 * inter/implicit_null_field.c:157: note: calls inf_route_create_default() (in inf_addr_alloc_default)
 * inter/implicit_null_field.c:101: note: calls inf_metrics_init_default() (in inf_route_create_default)
 * inter/implicit_null_field.c:70: note: kzalloc(len + 4, GFP_KERNEL) may sleep (direct reclaim) (in inf_metrics_init_default)
 * check-output-end
 */
