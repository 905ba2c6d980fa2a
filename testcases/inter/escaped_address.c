// SPDX-License-Identifier: GPL-2.0
/*
 * escaped_address: a function whose address goes where no call, field
 * or callback parameter of the tree shows may be called from anywhere,
 * so what its seen callers pass tells nothing of its parameters.  Each
 * holder below takes a lock and, through two calls, allocates with
 * GFP_KERNEL only `if (d->pgd)`; its one seen caller passes a zeroed
 * object (the shape of inter/agreed_field.c's afa_set_clr(), not
 * reported there).  Here the address also goes on:
 *  - aeh_set_clr(): chosen by `?:` into a variable: reported.
 *  - aei_set_clr(): tagged, `(unsigned long)fn | 1`, into a variable:
 *    reported.
 *  - aej_set_clr(): an operand of inline assembly: reported.
 *  - aek_set_clr(): only compared with a hook and measured by sizeof,
 *    which call nothing: not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct aeh_data {
	void *pgd;
	int numpages;
};

typedef int (*aeh_fn)(struct aeh_data *d);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int aeh_set_memory(int numpages, int which);
int aei_set_memory(int numpages);
int aej_set_memory(int numpages);
int aek_set_memory(int numpages);

static DEFINE_SPINLOCK(aeh_lock);
aeh_fn aeh_hook;
unsigned long aei_tagged;
aeh_fn aek_hook;
size_t aek_size;

static noinline int aeh_populate(struct aeh_data *d)
{
	void *p = kzalloc(70, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "aeh_set_clr: calls aeh_fault()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int aeh_fault(struct aeh_data *d)
{
	if (d->pgd)
		return aeh_populate(d);
	return -EFAULT;
}

static noinline int aeh_set_clr(struct aeh_data *d)
{
	int ret;

	spin_lock(&aeh_lock);
	ret = aeh_fault(d);
	spin_unlock(&aeh_lock);
	return ret;
}

int aeh_set_memory(int numpages, int which)
{
	struct aeh_data d;

	memset(&d, 0, sizeof(d));
	d.numpages = numpages;
	aeh_hook = which ? aeh_set_clr : NULL;
	return aeh_set_clr(&d);
}

static noinline int aei_populate(struct aeh_data *d)
{
	void *p = kzalloc(71, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "aei_set_clr: calls aei_fault()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int aei_fault(struct aeh_data *d)
{
	if (d->pgd)
		return aei_populate(d);
	return -EFAULT;
}

static noinline int aei_set_clr(struct aeh_data *d)
{
	int ret;

	spin_lock(&aeh_lock);
	ret = aei_fault(d);
	spin_unlock(&aeh_lock);
	return ret;
}

int aei_set_memory(int numpages)
{
	struct aeh_data d;

	memset(&d, 0, sizeof(d));
	d.numpages = numpages;
	aei_tagged = (unsigned long)aei_set_clr | 1;
	return aei_set_clr(&d);
}

static noinline int aej_populate(struct aeh_data *d)
{
	void *p = kzalloc(72, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "aej_set_clr: calls aej_fault()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int aej_fault(struct aeh_data *d)
{
	if (d->pgd)
		return aej_populate(d);
	return -EFAULT;
}

static noinline int aej_set_clr(struct aeh_data *d)
{
	int ret;

	spin_lock(&aeh_lock);
	ret = aej_fault(d);
	spin_unlock(&aeh_lock);
	return ret;
}

int aej_set_memory(int numpages)
{
	struct aeh_data d;

	memset(&d, 0, sizeof(d));
	d.numpages = numpages;
	asm volatile("" : : "r"(aej_set_clr) : "memory");
	return aej_set_clr(&d);
}

static noinline int aek_populate(struct aeh_data *d)
{
	void *p = kzalloc(73, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int aek_fault(struct aeh_data *d)
{
	if (d->pgd)
		return aek_populate(d);
	return -EFAULT;
}

static noinline int aek_set_clr(struct aeh_data *d)
{
	int ret;

	spin_lock(&aeh_lock);
	ret = aek_fault(d);
	spin_unlock(&aeh_lock);
	return ret;
}

int aek_set_memory(int numpages)
{
	struct aeh_data d;

	memset(&d, 0, sizeof(d));
	d.numpages = numpages;
	if (aek_hook == aek_set_clr)
		return -EBUSY;
	aek_size = sizeof(&aek_set_clr);
	return aek_set_clr(&d);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/escaped_address.c:43:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/escaped_address.c:62: note: spin_lock(&aeh_lock): spinlock held from here (in aeh_set_clr)
 * inter/escaped_address.c:63: note: calls aeh_fault() (in aeh_set_clr)
 * inter/escaped_address.c:54: note: calls aeh_populate() (in aeh_fault)
 * inter/escaped_address.c:43: note: kzalloc(70, GFP_KERNEL) may sleep (direct reclaim) (in aeh_populate)
 * inter/escaped_address.c:80:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/escaped_address.c:99: note: spin_lock(&aeh_lock): spinlock held from here (in aei_set_clr)
 * inter/escaped_address.c:100: note: calls aei_fault() (in aei_set_clr)
 * inter/escaped_address.c:91: note: calls aei_populate() (in aei_fault)
 * inter/escaped_address.c:80: note: kzalloc(71, GFP_KERNEL) may sleep (direct reclaim) (in aei_populate)
 * inter/escaped_address.c:117:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/escaped_address.c:136: note: spin_lock(&aeh_lock): spinlock held from here (in aej_set_clr)
 * inter/escaped_address.c:137: note: calls aej_fault() (in aej_set_clr)
 * inter/escaped_address.c:128: note: calls aej_populate() (in aej_fault)
 * inter/escaped_address.c:117: note: kzalloc(72, GFP_KERNEL) may sleep (direct reclaim) (in aej_populate)
 * check-output-end
 */
