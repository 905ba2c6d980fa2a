// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_overflow: gfp-alloc-overflow.  An open-coded multiplication in an
 * allocation's size or element count that is not a compile-time constant
 * can overflow and allocate too little: use kmalloc_array(), kcalloc(),
 * array_size() or struct_size().  Constant products, the array helpers and
 * additions are not reported.
 */
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ao_rec {
	u64 key;
	u64 val;
};

struct ao_tbl {
	u32 count;
	struct ao_rec recs[];
};

struct ao_ctx {
	struct ao_rec *recs;
	struct ao_tbl *tbl;
	u8 *grid;
	char *name;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int ao_kmalloc_mul(struct ao_ctx *c, size_t n);
int ao_kzalloc_mul(struct ao_ctx *c, unsigned int count);
int ao_vmalloc_grid(struct ao_ctx *c, unsigned long rows, unsigned long cols);
int ao_header_plus_array(struct ao_ctx *c, u32 n);
int ao_kcalloc_count(struct ao_ctx *c, size_t rows, size_t cols);
int ao_constant(struct ao_ctx *c);
int ao_kmalloc_array(struct ao_ctx *c, size_t n);
int ao_array_size(struct ao_ctx *c, unsigned long rows, unsigned long cols);
int ao_struct_size(struct ao_ctx *c, u32 n);
int ao_addition(struct ao_ctx *c, size_t len);

/* ---- reported ---- */

int ao_kmalloc_mul(struct ao_ctx *c, size_t n)
{
	c->recs = kmalloc(n * sizeof(*c->recs), GFP_KERNEL); /* expect: gfp-alloc-overflow */
	return c->recs ? 0 : -ENOMEM;
}

int ao_kzalloc_mul(struct ao_ctx *c, unsigned int count)
{
	c->recs = kzalloc(sizeof(struct ao_rec) * count, GFP_KERNEL); /* expect: gfp-alloc-overflow */
	return c->recs ? 0 : -ENOMEM;
}

int ao_vmalloc_grid(struct ao_ctx *c, unsigned long rows, unsigned long cols)
{
	c->grid = vmalloc(rows * cols); /* expect: gfp-alloc-overflow */
	return c->grid ? 0 : -ENOMEM;
}

int ao_header_plus_array(struct ao_ctx *c, u32 n)
{
	c->tbl = kmalloc(sizeof(*c->tbl) + n * sizeof(struct ao_rec), GFP_KERNEL); /* expect: gfp-alloc-overflow */
	return c->tbl ? 0 : -ENOMEM;
}

int ao_kcalloc_count(struct ao_ctx *c, size_t rows, size_t cols)
{
	c->recs = kcalloc(rows * cols, sizeof(*c->recs), GFP_KERNEL); /* expect: gfp-alloc-overflow */
	return c->recs ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int ao_constant(struct ao_ctx *c)
{
	c->recs = kmalloc(16 * sizeof(struct ao_rec), GFP_KERNEL);
	return c->recs ? 0 : -ENOMEM;
}

int ao_kmalloc_array(struct ao_ctx *c, size_t n)
{
	c->recs = kmalloc_array(n, sizeof(*c->recs), GFP_KERNEL);
	return c->recs ? 0 : -ENOMEM;
}

int ao_array_size(struct ao_ctx *c, unsigned long rows, unsigned long cols)
{
	c->grid = vmalloc(array_size(rows, cols));
	return c->grid ? 0 : -ENOMEM;
}

int ao_struct_size(struct ao_ctx *c, u32 n)
{
	c->tbl = kzalloc(struct_size(c->tbl, recs, n), GFP_KERNEL);
	return c->tbl ? 0 : -ENOMEM;
}

int ao_addition(struct ao_ctx *c, size_t len)
{
	c->name = kmalloc(len + 1, GFP_KERNEL);
	return c->name ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-alloc-overflow");
MODULE_LICENSE("GPL");
