// SPDX-License-Identifier: GPL-2.0
/*
 * deref_nonnull: a pointer the function has dereferenced is not NULL from
 * there on (the kernel would have oopsed first), and a local the function
 * never changes, initialised from a variable it never changes, has that
 * variable's value.  The pattern is drivers/tty/serial/serial_core.c
 * uart_port_startup() (6.1):
 *	struct uart_port *uport = uart_port_check(state);
 *	if (uport->type == PORT_UNKNOWN)
 *		return 1;
 *	...
 *	uart_port_lock(state, flags);	   locks `__uport = uart_port_ref(state)` unless NULL
 *	...
 *	uart_port_unlock(uport, flags);	   unlocks `__uport = uport` unless NULL
 *	retval = uport->ops->startup(uport);	   may sleep
 * The unlock's pointer is `uport`, which the first test dereferenced: the
 * unlock runs, and nothing after it is under the lock.
 *  - dn_startup: that function: the allocation after the unlock is not
 *    reported.
 *  - dn_no_deref: `port` is never dereferenced: it may be NULL at the
 *    unlock, the lock still held after it: reported.
 *  - dn_deref_in_branch: dereferenced on one branch only: reported.
 *  - dn_address_only: `&port->count` computes an address and loads
 *    nothing: reported.
 *  - dn_deref_later: dereferenced only after the unlock: the allocation
 *    between the unlock and the dereference is reported, the one after
 *    the dereference is not.
 *  - dn_reassigned: dereferenced, then assigned again before the unlock:
 *    reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct dn_port {
	spinlock_t lock;
	int type;
	unsigned int count;
};

struct dn_state {
	struct dn_port *port;
	void *buf;
	void *a, *b, *c, *d, *e, *f, *g;
};

/* uart_port_lock() and uart_port_unlock() of serial_core.c */
#define dn_lock(state, flags)                                   \
	({                                                      \
		struct dn_port *__port = dn_ref(state);         \
		if (__port)                                     \
			spin_lock_irqsave(&__port->lock, flags); \
		__port;                                         \
	})

#define dn_unlock(port, flags)                                       \
	({                                                           \
		struct dn_port *__port = port;                       \
		if (__port)                                          \
			spin_unlock_irqrestore(&__port->lock, flags); \
	})

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int dn_startup(struct dn_state *s);
void dn_no_deref(struct dn_state *s);
void dn_deref_in_branch(struct dn_state *s, int type);
void dn_address_only(struct dn_state *s);
void dn_deref_later(struct dn_state *s);
void dn_reassigned(struct dn_state *s);

/* uart_port_ref(): the port, unless it is going away */
static noinline struct dn_port *dn_ref(struct dn_state *s)
{
	return READ_ONCE(s->port);
}

static noinline void dn_touch(unsigned int *count)
{
	WRITE_ONCE(*count, 0);
}

int dn_startup(struct dn_state *s)
{
	struct dn_port *port = s->port;
	unsigned long flags;

	if (port->type == 0)
		return 1;
	dn_lock(s, flags);
	s->buf = NULL;
	dn_unlock(port, flags);
	s->a = kmalloc(64, GFP_KERNEL);
	return 0;
}

void dn_no_deref(struct dn_state *s)
{
	struct dn_port *port = s->port;
	unsigned long flags;

	dn_lock(s, flags);
	s->buf = NULL;
	dn_unlock(port, flags);
	s->b = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "dn_lock(s, flags): spinlock held from here" */
}

void dn_deref_in_branch(struct dn_state *s, int type)
{
	struct dn_port *port = s->port;
	unsigned long flags;

	if (type)
		type = port->type;
	dn_lock(s, flags);
	s->buf = NULL;
	dn_unlock(port, flags);
	s->c = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "dn_lock(s, flags): spinlock held from here" */
}

void dn_address_only(struct dn_state *s)
{
	struct dn_port *port = s->port;
	unsigned long flags;

	dn_touch(&port->count);
	dn_lock(s, flags);
	s->buf = NULL;
	dn_unlock(port, flags);
	s->d = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "dn_lock(s, flags): spinlock held from here" */
}

void dn_deref_later(struct dn_state *s)
{
	struct dn_port *port = s->port;
	unsigned long flags;

	dn_lock(s, flags);
	s->buf = NULL;
	dn_unlock(port, flags);
	s->e = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "dn_lock(s, flags): spinlock held from here" */
	port->count++;
	s->f = kmalloc(64, GFP_KERNEL);
}

void dn_reassigned(struct dn_state *s)
{
	struct dn_port *port = s->port;
	unsigned long flags;

	if (port->type == 0)
		return;
	port = dn_ref(s);
	dn_lock(s, flags);
	s->buf = NULL;
	dn_unlock(port, flags);
	s->g = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "dn_lock(s, flags): spinlock held from here" */
}

MODULE_DESCRIPTION("gfpcheck test: a dereferenced pointer is not NULL after it");
MODULE_LICENSE("GPL");
