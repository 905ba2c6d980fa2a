// SPDX-License-Identifier: GPL-2.0
/*
 * fnptr_field_assign: callbacks stored into struct fields by assignment
 * (`c->on_event = ffa_on_event`) and called later as `c->on_event(c, ev)`.
 *  - ffa_dispatch calls c->on_event under spin_lock_bh: the only function
 *    ever stored in on_event, ffa_on_event, allocates with GFP_KERNEL:
 *    reported.
 *  - ffa_close calls c->on_close with no lock: ffa_on_close's GFP_KERNEL
 *    allocation is not reported.
 *  - struct ffa_logger has a field with the same name, on_event, holding
 *    ffa_log_event; it is called only in process context (ffa_log), so
 *    ffa_log_event's GFP_KERNEL allocation is not reported: the field is
 *    identified by its struct type and name, not by its name alone.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ffa_client {
	spinlock_t lock;
	void (*on_event)(struct ffa_client *c, u32 ev);
	void (*on_close)(struct ffa_client *c);
	void *events;
	void *closed;
};

struct ffa_logger {
	void (*on_event)(struct ffa_logger *l, u32 ev);
	void *last;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ffa_init(struct ffa_client *c);
void ffa_dispatch(struct ffa_client *c, u32 ev);
void ffa_close(struct ffa_client *c);
void ffa_log(struct ffa_logger *l, u32 ev);

static void ffa_on_event(struct ffa_client *c, u32 ev)
{
	u32 *rec;

	rec = kmalloc(sizeof(*rec), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!rec)
		return;
	*rec = ev;
	kfree(c->events);
	c->events = rec;
}

static void ffa_on_close(struct ffa_client *c)
{
	void *p;

	p = kzalloc(64, GFP_KERNEL);
	if (!p)
		return;
	kfree(c->closed);
	c->closed = p;
}

static void ffa_log_event(struct ffa_logger *l, u32 ev)
{
	u32 *rec;

	rec = kmalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return;
	*rec = ev;
	kfree(l->last);
	l->last = rec;
}

void ffa_init(struct ffa_client *c)
{
	spin_lock_init(&c->lock);
	c->on_event = ffa_on_event;
	c->on_close = ffa_on_close;
}

void ffa_dispatch(struct ffa_client *c, u32 ev)
{
	spin_lock_bh(&c->lock);
	if (c->on_event)
		c->on_event(c, ev);
	spin_unlock_bh(&c->lock);
}

void ffa_close(struct ffa_client *c)
{
	if (c->on_close)
		c->on_close(c);
}

void ffa_log(struct ffa_logger *l, u32 ev)
{
	l->on_event = ffa_log_event;
	l->on_event(l, ev);
}

MODULE_DESCRIPTION("gfpcheck test: callbacks assigned to struct fields");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/fnptr_field_assign.c:42:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_field_assign.c:82: note: spin_lock_bh(&c->lock): spinlock held from here (in ffa_dispatch)
 * inter/fnptr_field_assign.c:84: note: calls ffa_on_event() through ffa_client.on_event (assignment in inter/fnptr_field_assign.c) (in ffa_dispatch)
 * inter/fnptr_field_assign.c:42: note: kmalloc(sizeof(*rec), GFP_KERNEL) may sleep (direct reclaim) (in ffa_on_event)
 * check-output-end
 */
