// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_then_lock: every allocation here is made before the spinlock (or
 * irq-disabled section) is entered and only published inside it, which
 * is the correct pattern: atl_register, atl_register_irqsave and
 * atl_replace_pages are not reported.  atl_register_late is the same code
 * with the second allocation moved inside the lock, and only that one
 * allocation is reported.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct atl_client {
	struct list_head node;
	char *name;
	unsigned long page;
};

struct atl_registry {
	spinlock_t lock;
	struct list_head clients;
	unsigned int nr;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int atl_register(struct atl_registry *reg, const char *name);
int atl_register_irqsave(struct atl_registry *reg, const char *name);
int atl_register_late(struct atl_registry *reg, const char *name);
int atl_replace_pages(struct atl_registry *reg, struct atl_client *c);

int atl_register(struct atl_registry *reg, const char *name)
{
	struct atl_client *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->name = kstrdup(name, GFP_KERNEL);
	if (!c->name) {
		kfree(c);
		return -ENOMEM;
	}

	spin_lock(&reg->lock);
	list_add(&c->node, &reg->clients);
	reg->nr++;
	spin_unlock(&reg->lock);
	return 0;
}

int atl_register_irqsave(struct atl_registry *reg, const char *name)
{
	struct atl_client *c;
	unsigned long flags;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->page = __get_free_pages(GFP_KERNEL, 1);

	spin_lock_irqsave(&reg->lock, flags);
	list_add(&c->node, &reg->clients);
	reg->nr++;
	spin_unlock_irqrestore(&reg->lock, flags);
	return 0;
}

int atl_register_late(struct atl_registry *reg, const char *name)
{
	struct atl_client *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;

	spin_lock(&reg->lock);
	c->name = kstrdup(name, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	list_add(&c->node, &reg->clients);
	reg->nr++;
	spin_unlock(&reg->lock);
	return 0;
}

int atl_replace_pages(struct atl_registry *reg, struct atl_client *c)
{
	unsigned long page, old;

	page = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
	if (!page)
		return -ENOMEM;

	spin_lock(&reg->lock);
	old = c->page;
	c->page = page;
	spin_unlock(&reg->lock);

	if (old)
		free_pages(old, 0);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: allocate first, then lock");
MODULE_LICENSE("GPL");
