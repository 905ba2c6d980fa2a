// SPDX-License-Identifier: GPL-2.0
/*
 * correlated_assigned_locals: a local variable that the function assigns
 * only by statements of their own keeps its value from one assignment to
 * the next, so two tests of it with no assignment between them agree.
 * The pattern is mm/hugetlb.c follow_hugetlb_page() (6.1), in its loop:
 *	pte = huge_pte_offset(mm, vaddr & huge_page_mask(h), huge_page_size(h));
 *	if (pte)
 *		ptl = huge_pte_lock(h, mm, pte);
 *	...
 *	if (pte)
 *		spin_unlock(ptl);
 *	ret = hugetlb_fault(mm, vma, vaddr, fault_flags);
 * where hugetlb_fault() may sleep.
 *  - cal_loop_lookup: that loop: the allocation after the paired unlock
 *    is not reported (each iteration assigns the variable anew, and the
 *    two tests of one iteration agree); the one between them is.
 *  - cal_init_and_assign: declared with an initialiser and assigned again
 *    before the second pair of tests: each pair agrees, nothing after the
 *    unlocks is reported.
 *  - cal_assigned_between: assigned between the lock's test and the
 *    unlock's: they need not agree: reported after the unlock.
 *  - cal_assigned_in_condition: assigned inside a condition (`if ((p =
 *    cal_lookup(d, 0)))`), a write that is no statement of its own: its
 *    tests are not taken to agree: reported after the unlock.
 *  - cal_address_taken: its address goes to a callee, which may change
 *    it: reported after the unlock.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cal_dev {
	spinlock_t lock;
	unsigned int count;
	void *slot[4];
	void *a, *b, *c, *e, *f;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cal_loop_lookup(struct cal_dev *d, int n);
void cal_init_and_assign(struct cal_dev *d);
void cal_assigned_between(struct cal_dev *d);
void cal_assigned_in_condition(struct cal_dev *d);
void cal_address_taken(struct cal_dev *d);

/* huge_pte_offset(): may find nothing */
static noinline void *cal_lookup(struct cal_dev *d, int i)
{
	return d->slot[i & 3];
}

static noinline void cal_refresh(struct cal_dev *d, void **p)
{
	*p = d->slot[d->count & 3];
}

void cal_loop_lookup(struct cal_dev *d, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		void *p;

		p = cal_lookup(d, i);
		if (p)
			spin_lock(&d->lock);
		d->count++;
		d->a = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "spin_lock(&d->lock): spinlock held from here" */
		if (p)
			spin_unlock(&d->lock);
		d->slot[i & 3] = kmalloc(16, GFP_KERNEL);
	}
}

void cal_init_and_assign(struct cal_dev *d)
{
	void *p = cal_lookup(d, 1);

	if (p)
		spin_lock(&d->lock);
	d->count++;
	if (p)
		spin_unlock(&d->lock);
	d->b = krealloc(d->b, 32, GFP_KERNEL);
	p = cal_lookup(d, 2);
	if (p)
		spin_lock(&d->lock);
	d->count++;
	if (p)
		spin_unlock(&d->lock);
	d->b = krealloc(d->b, 64, GFP_KERNEL);
}

void cal_assigned_between(struct cal_dev *d)
{
	void *p;

	p = cal_lookup(d, 1);
	if (p)
		spin_lock(&d->lock);
	d->count++;
	p = cal_lookup(d, 2);
	if (p)
		spin_unlock(&d->lock);
	d->c = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "spin_lock(&d->lock): spinlock held from here" */
}

void cal_assigned_in_condition(struct cal_dev *d)
{
	void *p;

	if ((p = cal_lookup(d, 0)))
		spin_lock(&d->lock);
	d->count++;
	if (p)
		spin_unlock(&d->lock);
	d->e = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "spin_lock(&d->lock): spinlock held from here" */
}

void cal_address_taken(struct cal_dev *d)
{
	void *p;

	p = cal_lookup(d, 3);
	if (p)
		spin_lock(&d->lock);
	cal_refresh(d, &p);
	if (p)
		spin_unlock(&d->lock);
	d->f = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "spin_lock(&d->lock): spinlock held from here" */
}

MODULE_DESCRIPTION("gfpcheck test: tests of a local between its assignments agree");
MODULE_LICENSE("GPL");
