// SPDX-License-Identifier: GPL-2.0
/*
 * chain_three_calls: atomicity propagates through call chains of any
 * depth; the finding is at the allocation, in the deepest function.
 *  - chn_a holds a spinlock and calls chn_b -> chn_c -> chn_d; chn_d's
 *    GFP_KERNEL allocation is reported.
 *  - chn_l1 holds a spinlock with IRQs saved and calls chn_l2 -> chn_l3 ->
 *    chn_l4 -> chn_l5; chn_l5's vzalloc is reported.
 *  - chn_p1 -> chn_p2 -> chn_p3 is the same shape with no lock anywhere:
 *    chn_p3's GFP_KERNEL allocation is not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct chn_dev {
	spinlock_t lock;
	void *leaf;
	void *deep;
	void *plain;
	unsigned int depth;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int chn_a(struct chn_dev *dev);
int chn_l1(struct chn_dev *dev);
int chn_p1(struct chn_dev *dev);

static int chn_d(struct chn_dev *dev)
{
	void *leaf;

	leaf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "chn_a: spin_lock(&dev->lock)" "chn_a: calls chn_b()" "chn_b: calls chn_c()" "chn_c: calls chn_d()" */
	if (!leaf)
		return -ENOMEM;
	kfree(dev->leaf);
	dev->leaf = leaf;
	return 0;
}

static int chn_c(struct chn_dev *dev)
{
	dev->depth = 3;
	return chn_d(dev);
}

static int chn_b(struct chn_dev *dev)
{
	dev->depth = 2;
	return chn_c(dev);
}

int chn_a(struct chn_dev *dev)
{
	int ret;

	spin_lock(&dev->lock);
	ret = chn_b(dev);
	spin_unlock(&dev->lock);
	return ret;
}

static int chn_l5(struct chn_dev *dev)
{
	void *deep;

	deep = vzalloc(8192); /* expect: gfp-sleep-in-atomic */
	if (!deep)
		return -ENOMEM;
	vfree(dev->deep);
	dev->deep = deep;
	return 0;
}

static int chn_l4(struct chn_dev *dev)
{
	return chn_l5(dev);
}

static int chn_l3(struct chn_dev *dev)
{
	return chn_l4(dev);
}

static int chn_l2(struct chn_dev *dev)
{
	return chn_l3(dev);
}

int chn_l1(struct chn_dev *dev)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&dev->lock, flags);
	ret = chn_l2(dev);
	spin_unlock_irqrestore(&dev->lock, flags);
	return ret;
}

static int chn_p3(struct chn_dev *dev)
{
	void *plain;

	plain = kzalloc(64, GFP_KERNEL);
	if (!plain)
		return -ENOMEM;
	kfree(dev->plain);
	dev->plain = plain;
	return 0;
}

static int chn_p2(struct chn_dev *dev)
{
	return chn_p3(dev);
}

int chn_p1(struct chn_dev *dev)
{
	return chn_p2(dev);
}

MODULE_DESCRIPTION("gfpcheck test: atomic context through call chains");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/chain_three_calls.c:34:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/chain_three_calls.c:58: note: spin_lock(&dev->lock): spinlock held from here (in chn_a)
 * inter/chain_three_calls.c:59: note: calls chn_b() (in chn_a)
 * inter/chain_three_calls.c:51: note: calls chn_c() (in chn_b)
 * inter/chain_three_calls.c:45: note: calls chn_d() (in chn_c)
 * inter/chain_three_calls.c:34: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in chn_d)
 * inter/chain_three_calls.c:68:9: warning: vzalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/chain_three_calls.c:96: note: spin_lock_irqsave(&dev->lock, flags): spinlock held from here (in chn_l1)
 * inter/chain_three_calls.c:97: note: calls chn_l2() (in chn_l1)
 * inter/chain_three_calls.c:88: note: calls chn_l3() (in chn_l2)
 * inter/chain_three_calls.c:83: note: calls chn_l4() (in chn_l3)
 * inter/chain_three_calls.c:78: note: calls chn_l5() (in chn_l4)
 * inter/chain_three_calls.c:68: note: vzalloc(8192) may sleep (in chn_l5)
 * check-output-end
 */
