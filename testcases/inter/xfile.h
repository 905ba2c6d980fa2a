/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfile.h: declarations shared by xfile_a.c and xfile_b.c, the two objects
 * of the multi-file module xfile.ko (see the comment in xfile_a.c).
 */
#ifndef GFPCHECK_XFILE_H
#define GFPCHECK_XFILE_H

#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct xf_dev;

struct xf_ops {
	int (*commit)(struct xf_dev *d);
	int (*configure)(struct xf_dev *d);
};

struct xf_dev {
	spinlock_t lock;
	struct mutex cfg_mutex;
	const struct xf_ops *ops;
	void *stored;
	void *committed;
	void *cfg;
	void *prepared;
	void *refill;
	void *step;
	void *fwd_atomic;
	void *fwd_sleep;
	void *fwd_bad;
	unsigned int irq;
};

/* defined in xfile_b.c */
int xfb_store(struct xf_dev *d);
int xfb_commit(struct xf_dev *d);
int xfb_configure(struct xf_dev *d);
int xfb_prepare(struct xf_dev *d);
int xfb_step1(struct xf_dev *d);
int xfb_step3(struct xf_dev *d);
void *xfb_alloc(size_t n, gfp_t gfp);
int xfb_register_irq(struct xf_dev *d, unsigned int irq);

/* defined in xfile_a.c */
int xfa_refill(struct xf_dev *d);
int xfa_step2(struct xf_dev *d);
int xfa_update(struct xf_dev *d);
int xfa_chain(struct xf_dev *d);
int xfa_init(struct xf_dev *d, unsigned int irq);

#endif /* GFPCHECK_XFILE_H */
