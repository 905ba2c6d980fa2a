// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked_alloc: gfp-unchecked-alloc.  The result of an allocator that can
 * fail is dereferenced (p->x, *p, p[i]) or handed to a function that
 * dereferences it (memset, strscpy, list_add) on a path where it was never
 * compared with NULL.  Reported at the dereference.  Not reported after any
 * form of check (!p, p == NULL, if (p), unlikely(!p), likely(p != NULL),
 * unlikely(p == NULL), IS_ERR_OR_NULL(p),
 * WARN_ON(!p) + return, BUG_ON(!p)), for __GFP_NOFAIL allocations, nor when
 * the pointer is only returned or stored (the caller's duty).  A check on
 * one path does not excuse a dereference on a path that skipped it.
 */
#include <linux/module.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

struct ua_item {
	struct list_head node;
	int id;
	char name[16];
};

struct ua_dev {
	struct list_head items;
	struct ua_item *cur;
	int *table;
	unsigned int nvals;
	bool verbose;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int ua_deref_member(struct ua_dev *dev, int id);
int ua_deref_star(int **out);
int ua_deref_index(struct ua_dev *dev, unsigned int n);
int ua_memset(struct ua_dev *dev, unsigned int n);
int ua_strscpy(const char *src);
size_t ua_kstrdup_strlen(const char *src);
int ua_status_overwritten(struct ua_dev *dev, int id);
int ua_list_add(struct ua_dev *dev);
int ua_checked_on_one_path(struct ua_dev *dev);
int ua_checked_too_late(struct ua_dev *dev);
int ua_member_chain(struct ua_dev *dev);
int ua_vmalloc(struct ua_dev *dev, unsigned long size);
int ua_loop(struct ua_dev *dev, int n);
int ua_switch(struct ua_dev *dev, int mode);
int ua_do_while(struct ua_dev *dev);
int ua_warn_only(struct ua_dev *dev);
int ua_log_only(struct ua_dev *dev);
int ua_ternary_alloc(struct ua_dev *dev, bool big);
int ua_check_not(struct ua_dev *dev, int id);
int ua_check_eq_null(struct ua_dev *dev, int id);
int ua_check_unlikely(struct ua_dev *dev, unsigned int n);
int ua_check_if_nonnull(struct ua_dev *dev, int id);
int ua_check_ne_null_and(struct ua_dev *dev, int id);
int ua_check_goto(struct ua_dev *dev, unsigned int n);
int ua_check_is_err_or_null(struct ua_dev *dev);
int ua_check_warn_on(struct ua_dev *dev);
int ua_check_bug_on(struct ua_dev *dev);
int ua_check_both(struct ua_dev *dev, unsigned int n);
int ua_check_in_condition(struct ua_dev *dev, int id);
int ua_check_ternary(int id);
int ua_check_loop(struct ua_dev *dev, int n);
int ua_nofail(struct ua_dev *dev);
struct ua_item *ua_return_only(void);
struct ua_item *ua_return_var(void);
int ua_store_only(struct ua_dev *dev, unsigned int n);
int ua_member_checked(struct ua_dev *dev);
int ua_retry(struct ua_dev *dev);
int ua_until_allocated(struct ua_dev *dev);
int ua_switch_checked(struct ua_dev *dev, int mode);
int ua_status_var(struct ua_dev *dev, bool ok);
void ua_list_cursor(struct ua_dev *devs, int n, int id);
int ua_check_status_var(struct ua_dev *dev, int id);
int ua_check_zero_or_null(struct ua_dev *dev, size_t n);
int ua_macro_check(struct ua_dev *dev);
struct ua_item *ua_check_likely_ne_null(int id);
int ua_check_unlikely_eq_null(struct ua_dev *dev, int id);

/* ---- reported ---- */

int ua_deref_member(struct ua_dev *dev, int id)
{
	struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);

	item->id = id; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_deref_star(int **out)
{
	int *val;

	val = kmalloc(sizeof(*val), GFP_KERNEL);
	*val = 42; /* expect: gfp-unchecked-alloc */
	*out = val;
	return 0;
}

int ua_deref_index(struct ua_dev *dev, unsigned int n)
{
	int *t = kcalloc(n, sizeof(int), GFP_KERNEL);

	t[0] = -1; /* expect: gfp-unchecked-alloc */
	dev->table = t;
	dev->nvals = n;
	return 0;
}

int ua_memset(struct ua_dev *dev, unsigned int n)
{
	int *vals;

	vals = kmalloc_array(n, sizeof(*vals), GFP_KERNEL);
	memset(vals, 0xff, n * sizeof(*vals)); /* expect: gfp-unchecked-alloc */
	dev->table = vals;
	dev->nvals = n;
	return 0;
}

int ua_strscpy(const char *src)
{
	char *name = kmalloc(32, GFP_KERNEL);

	strscpy(name, src, 32); /* expect: gfp-unchecked-alloc */
	pr_info("ua: %s\n", name);
	kfree(name);
	return 0;
}

/* strlen() is a macro for __fortify_strlen() with CONFIG_FORTIFY_SOURCE */
size_t ua_kstrdup_strlen(const char *src)
{
	char *copy = kstrdup(src, GFP_KERNEL);
	size_t len = strlen(copy); /* expect: gfp-unchecked-alloc */

	kfree(copy);
	return len;
}

/* the status variable is overwritten before it is tested: no check */
int ua_status_overwritten(struct ua_dev *dev, int id)
{
	struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);
	int ret = item ? 0 : -ENOMEM;

	if (id < 0)
		ret = -EINVAL;
	if (ret)
		return ret;
	item->id = id; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_list_add(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	list_add_tail(&item->node, &dev->items); /* expect: gfp-unchecked-alloc */
	return 0;
}

/* checked on one path only: the other path reaches the dereference unchecked */
int ua_checked_on_one_path(struct ua_dev *dev)
{
	struct ua_item *item;

	item = kzalloc(sizeof(*item), GFP_KERNEL);
	if (dev->verbose) {
		if (!item)
			return -ENOMEM;
		pr_info("ua: item allocated\n");
	}
	item->id = 1; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

/* the check comes after the first use */
int ua_checked_too_late(struct ua_dev *dev)
{
	struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);

	item->id = 2; /* expect: gfp-unchecked-alloc */
	if (!item)
		return -ENOMEM;
	list_add(&item->node, &dev->items);
	return 0;
}

/* a member chain: dev->cur is what was allocated */
int ua_member_chain(struct ua_dev *dev)
{
	dev->cur = kzalloc(sizeof(*dev->cur), GFP_KERNEL);
	dev->cur->id = 3; /* expect: gfp-unchecked-alloc */
	return 0;
}

int ua_vmalloc(struct ua_dev *dev, unsigned long size)
{
	char *buf = vmalloc(size);

	buf[0] = '\0'; /* expect: gfp-unchecked-alloc */
	dev->table = (int *)buf;
	return 0;
}

/* one allocation per iteration, none checked */
int ua_loop(struct ua_dev *dev, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);

		item->id = i; /* expect: gfp-unchecked-alloc */
		list_add(&item->node, &dev->items);
	}
	return 0;
}

/* the default case skips the check */
int ua_switch(struct ua_dev *dev, int mode)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	switch (mode) {
	case 0:
		if (!item)
			return -ENOMEM;
		break;
	case 1:
		kfree(item);
		return 0;
	default:
		break;
	}
	item->id = mode; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

/* the loop gives up with item still NULL */
int ua_do_while(struct ua_dev *dev)
{
	struct ua_item *item;
	int tries = 3;

	do {
		item = kzalloc(sizeof(*item), GFP_KERNEL);
	} while (!item && --tries);
	item->id = tries; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

/* a check whose failure path goes on: WARN_ON() without a return */
int ua_warn_only(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	WARN_ON(!item);
	item->id = 10; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

/* the failure path only logs, then goes on */
int ua_log_only(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (!item)
		pr_err("ua: no memory\n");
	item->id = 11; /* expect: gfp-unchecked-alloc */
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_ternary_alloc(struct ua_dev *dev, bool big)
{
	char *buf = big ? vmalloc(4096) : kmalloc(64, GFP_KERNEL);

	buf[0] = 0; /* expect: gfp-unchecked-alloc */
	dev->table = (int *)buf;
	return 0;
}

/* ---- not reported ---- */

int ua_check_not(struct ua_dev *dev, int id)
{
	struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);

	if (!item)
		return -ENOMEM;
	item->id = id;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_check_eq_null(struct ua_dev *dev, int id)
{
	struct ua_item *item;

	item = kmalloc(sizeof(*item), GFP_KERNEL);
	if (item == NULL)
		return -ENOMEM;
	item->id = id;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_check_unlikely(struct ua_dev *dev, unsigned int n)
{
	int *t = kcalloc(n, sizeof(int), GFP_KERNEL);

	if (unlikely(!t))
		return -ENOMEM;
	t[0] = 1;
	dev->table = t;
	return 0;
}

int ua_check_if_nonnull(struct ua_dev *dev, int id)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (item) {
		item->id = id;
		list_add(&item->node, &dev->items);
	}
	return item ? 0 : -ENOMEM;
}

int ua_check_ne_null_and(struct ua_dev *dev, int id)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (item != NULL && id > 0)
		item->id = id;
	kfree(item);
	return 0;
}

int ua_check_goto(struct ua_dev *dev, unsigned int n)
{
	struct ua_item *item;
	int *t;
	int ret = -ENOMEM;

	item = kzalloc(sizeof(*item), GFP_KERNEL);
	if (!item)
		goto out;
	t = kcalloc(n, sizeof(*t), GFP_KERNEL);
	if (!t)
		goto free_item;
	t[0] = 1;
	item->id = n;
	list_add(&item->node, &dev->items);
	dev->table = t;
	return 0;
free_item:
	kfree(item);
out:
	return ret;
}

int ua_check_is_err_or_null(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (IS_ERR_OR_NULL(item))
		return -ENOMEM;
	item->id = 4;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_check_warn_on(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (WARN_ON(!item))
		return -ENOMEM;
	item->id = 5;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_check_bug_on(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	BUG_ON(!item);
	item->id = 6;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_check_both(struct ua_dev *dev, unsigned int n)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);
	int *t = kcalloc(n, sizeof(*t), GFP_KERNEL);

	if (!item || !t) {
		kfree(item);
		kfree(t);
		return -ENOMEM;
	}
	t[0] = item->id;
	kfree(item);
	dev->table = t;
	return 0;
}

int ua_check_in_condition(struct ua_dev *dev, int id)
{
	struct ua_item *item;

	if (!(item = kzalloc(sizeof(*item), GFP_KERNEL)))
		return -ENOMEM;
	item->id = id;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_check_ternary(int id)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);
	int ret = item ? item->id + id : -ENOMEM;

	kfree(item);
	return ret;
}

int ua_check_loop(struct ua_dev *dev, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);

		if (!item)
			break;
		item->id = i;
		list_add(&item->node, &dev->items);
	}
	return i;
}

int ua_nofail(struct ua_dev *dev)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL | __GFP_NOFAIL); /* expect: gfp-nofail */

	item->id = 7;
	list_add(&item->node, &dev->items);
	return 0;
}

/* only returned or stored: the caller checks */
struct ua_item *ua_return_only(void)
{
	return kzalloc(sizeof(struct ua_item), GFP_KERNEL);
}

struct ua_item *ua_return_var(void)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	return item;
}

int ua_store_only(struct ua_dev *dev, unsigned int n)
{
	dev->table = kcalloc(n, sizeof(int), GFP_KERNEL);
	dev->nvals = dev->table ? n : 0;
	return dev->table ? 0 : -ENOMEM;
}

/* the member chain checked */
int ua_member_checked(struct ua_dev *dev)
{
	dev->cur = kzalloc(sizeof(*dev->cur), GFP_KERNEL);
	if (!dev->cur)
		return -ENOMEM;
	dev->cur->id = 8;
	return 0;
}

/* a backward goto retries until it succeeds or gives up */
int ua_retry(struct ua_dev *dev)
{
	struct ua_item *item;
	int tries = 0;

retry:
	item = kzalloc(sizeof(*item), GFP_KERNEL);
	if (!item) {
		if (++tries < 3)
			goto retry;
		return -ENOMEM;
	}
	item->id = tries;
	list_add(&item->node, &dev->items);
	return 0;
}

/* the loop only ends with an allocation */
int ua_until_allocated(struct ua_dev *dev)
{
	struct ua_item *item;

	while (!(item = kzalloc(sizeof(*item), GFP_KERNEL)))
		cond_resched();
	item->id = 9;
	list_add(&item->node, &dev->items);
	return 0;
}

int ua_switch_checked(struct ua_dev *dev, int mode)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (!item)
		return -ENOMEM;
	switch (mode) {
	case 0:
		item->id = 0;
		break;
	default:
		item->id = mode;
		break;
	}
	list_add(&item->node, &dev->items);
	return 0;
}

/* the failure is recorded in a status that is tested before the use */
int ua_status_var(struct ua_dev *dev, bool ok)
{
	struct ua_item *item = NULL;
	int status = 0;

	if (!ok) {
		status = -ENOENT;
	} else {
		item = kzalloc(sizeof(*item), GFP_KERNEL);
		if (!item)
			status = -ENOMEM;
	}
	if (status)
		return status;
	item->id = 12;
	list_add(&item->node, &dev->items);
	return 0;
}

/* a list cursor is reassigned by list_for_each_entry() after the allocation */
void ua_list_cursor(struct ua_dev *devs, int n, int id)
{
	struct ua_item *item;
	int i;

	for (i = 0; i < n; i++) {
		list_for_each_entry(item, &devs[i].items, node) {
			if (item->id == id)
				goto found;
		}
		item = kzalloc(sizeof(*item), GFP_ATOMIC);
		if (item) {
			item->id = id;
			list_add_tail(&item->node, &devs[i].items);
		} else {
			pr_err("ua: no memory for %d\n", id);
		}
found:
		;
	}
}

/* checked through a status variable set once from the test */
int ua_check_status_var(struct ua_dev *dev, int id)
{
	struct ua_item *item = kmalloc(sizeof(*item), GFP_KERNEL);
	int ret = item ? 0 : -ENOMEM;

	if (ret)
		return ret;
	item->id = id;
	list_add(&item->node, &dev->items);
	return 0;
}

/* ZERO_OR_NULL_PTR(p) is (unsigned long)p <= (unsigned long)ZERO_SIZE_PTR */
int ua_check_zero_or_null(struct ua_dev *dev, size_t n)
{
	char *buf = kmalloc(n, GFP_KERNEL);

	if (ZERO_OR_NULL_PTR(buf))
		return -ENOMEM;
	buf[0] = '\0';
	kfree(buf);
	return 0;
}

/* the check is inside a macro, against NULL (itself a macro) */
#define UA_NEW_ITEM(id_) ({						\
	struct ua_item *__it = kzalloc(sizeof(*__it), GFP_KERNEL);	\
	if (__it == NULL)						\
		return -ENOMEM;						\
	__it->id = (id_);						\
	__it;								\
})

int ua_macro_check(struct ua_dev *dev)
{
	struct ua_item *item = UA_NEW_ITEM(13);

	list_add(&item->node, &dev->items);
	return 0;
}

/*
 * a comparison with NULL (a macro) inside likely()/unlikely(): the shape of
 * ehci-sched.c's iso_stream_alloc() and signal.c's __sigqueue_alloc(); the
 * operator is written in the macro's argument, not where it expands
 */
struct ua_item *ua_check_likely_ne_null(int id)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (likely(item != NULL)) {
		INIT_LIST_HEAD(&item->node);
		item->id = id;
	}
	return item;
}

int ua_check_unlikely_eq_null(struct ua_dev *dev, int id)
{
	struct ua_item *item = kzalloc(sizeof(*item), GFP_KERNEL);

	if (unlikely(item == NULL))
		return -ENOMEM;
	item->id = id;
	list_add(&item->node, &dev->items);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-unchecked-alloc");
MODULE_LICENSE("GPL");
