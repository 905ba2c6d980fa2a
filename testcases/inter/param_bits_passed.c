// SPDX-License-Identifier: GPL-2.0
/*
 * param_bits_passed: a constant event mask passed down a chain of calls,
 * one of which clears or sets bits of its parameter before passing it on,
 * decides the handler's `if (mask & ...)` at the end.  The shape is
 * fsnotify's: fsnotify_create() sends FS_CREATE, fsnotify_handle_event()
 * does `mask &= ~FS_EVENT_ON_CHILD;` and calls the group's
 * ->handle_inode_event(), and audit_mark_handle_event() removes its rule
 * (and logs with a sleeping mask) only on FS_DELETE_SELF/FS_MOVE_SELF.
 * A parameter the body changes only by `&=` and `|=` statements of
 * constants is passed on with the bits they may change (ARG_PARAM_BITS):
 * where the caller's value has none of the bits that may be cleared and
 * all that may be set, it passes on unchanged.  Each case has its own
 * handler, so that each allocation is reached by one chain only.
 *  - pb_create() (spin_lock) sends PB_CREATE through pb_send() and
 *    pb_dispatch() (`mask &= ~PB_ON_CHILD;`) to pb_handle() by an ops
 *    table: pb_handle() takes its PB_CREATE branch: not reported.
 *  - pb_recreate() sends PB_CREATE to a dispatcher that does `mask |=
 *    PB_CREATE;`: unchanged: not reported.
 *  - pb_delete() sends PB_DELETE_SELF through a dispatcher that clears
 *    PB_ON_CHILD: reported.
 *  - pb_child_create() sends PB_CREATE | PB_ON_CHILD: the `&=` changes
 *    it, so its value is not known past the dispatcher: reported (the
 *    event is a create, but the value is not guessed).
 *  - pb_marked() sends PB_CREATE to a dispatcher that does `mask |=
 *    PB_DELETE_SELF;`: the value changes: reported.
 *  - pb_renamed() sends PB_CREATE to a dispatcher that assigns `mask =
 *    pb_translate(mask);`, not a bit operation: reported.
 * Without ARG_PARAM_BITS pb_create() and pb_recreate() are reported too
 * (their dispatcher assigns its parameter, so nothing was passed on).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define PB_CREATE 0x00000100
#define PB_DELETE_SELF 0x00000400
#define PB_ON_CHILD 0x08000000

struct pb_ops {
	int (*handle)(void *mark, u32 mask);
};

struct pb_group {
	const struct pb_ops *ops;
	void *mark;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void pb_create(struct pb_group *g);
void pb_recreate(void);
void pb_delete(void);
void pb_child_create(void);
void pb_marked(void);
void pb_renamed(void);
u32 pb_translate(u32 mask);

static DEFINE_SPINLOCK(pb_lock);
static void *pb_log[6];

static int pb_handle(void *mark, u32 mask)
{
	if (mask & PB_CREATE)
		pb_log[0] = mark;
	else if (mask & PB_DELETE_SELF)
		pb_log[0] = kmalloc(64, GFP_KERNEL);
	return 0;
}

static const struct pb_ops pb_ops = { .handle = pb_handle };

static int pb_dispatch(struct pb_group *g, u32 mask)
{
	mask &= ~PB_ON_CHILD;
	return g->ops->handle(g->mark, mask);
}

static int pb_send(struct pb_group *g, u32 mask)
{
	return pb_dispatch(g, mask);
}

void pb_create(struct pb_group *g)
{
	spin_lock(&pb_lock);
	pb_send(g, PB_CREATE);
	spin_unlock(&pb_lock);
}

static void pb_handle_recreate(u32 mask)
{
	if (mask & PB_CREATE)
		pb_log[1] = NULL;
	else if (mask & PB_DELETE_SELF)
		pb_log[1] = kmalloc(65, GFP_KERNEL);
}

static void pb_dispatch_recreate(u32 mask)
{
	mask |= PB_CREATE;
	pb_handle_recreate(mask);
}

void pb_recreate(void)
{
	spin_lock(&pb_lock);
	pb_dispatch_recreate(PB_CREATE);
	spin_unlock(&pb_lock);
}

static void pb_handle_delete(u32 mask)
{
	if (mask & PB_CREATE)
		pb_log[2] = NULL;
	else if (mask & PB_DELETE_SELF)
		pb_log[2] = kmalloc(66, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void pb_dispatch_delete(u32 mask)
{
	mask &= ~PB_ON_CHILD;
	pb_handle_delete(mask);
}

void pb_delete(void)
{
	spin_lock(&pb_lock);
	pb_dispatch_delete(PB_DELETE_SELF);
	spin_unlock(&pb_lock);
}

static void pb_handle_child(u32 mask)
{
	if (mask & PB_CREATE)
		pb_log[3] = NULL;
	else if (mask & PB_DELETE_SELF)
		pb_log[3] = kmalloc(67, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void pb_dispatch_child(u32 mask)
{
	mask &= ~PB_ON_CHILD;
	pb_handle_child(mask);
}

void pb_child_create(void)
{
	spin_lock(&pb_lock);
	pb_dispatch_child(PB_CREATE | PB_ON_CHILD);
	spin_unlock(&pb_lock);
}

static void pb_handle_marked(u32 mask)
{
	if (mask & PB_CREATE)
		pb_log[4] = NULL;
	else if (mask & PB_DELETE_SELF)
		pb_log[4] = kmalloc(68, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void pb_dispatch_mark(u32 mask)
{
	mask |= PB_DELETE_SELF;
	pb_handle_marked(mask);
}

void pb_marked(void)
{
	spin_lock(&pb_lock);
	pb_dispatch_mark(PB_CREATE);
	spin_unlock(&pb_lock);
}

u32 pb_translate(u32 mask)
{
	return mask << 2;
}

static void pb_handle_renamed(u32 mask)
{
	if (mask & PB_CREATE)
		pb_log[5] = NULL;
	else if (mask & PB_DELETE_SELF)
		pb_log[5] = kmalloc(69, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void pb_dispatch_assign(u32 mask)
{
	mask = pb_translate(mask);
	pb_handle_renamed(mask);
}

void pb_renamed(void)
{
	spin_lock(&pb_lock);
	pb_dispatch_assign(PB_CREATE);
	spin_unlock(&pb_lock);
}

struct pb_group pb_default = { .ops = &pb_ops };
MODULE_LICENSE("GPL");

/*
 * The chains checked by hand against the lines above (pb_create()'s and
 * pb_recreate()'s allocations, lines 66 and 95, are not there):
 * check-output-start
 * inter/param_bits_passed.c:116:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/param_bits_passed.c:127: note: spin_lock(&pb_lock): spinlock held from here (in pb_delete)
 * inter/param_bits_passed.c:128: note: calls pb_dispatch_delete() (in pb_delete)
 * inter/param_bits_passed.c:122: note: calls pb_handle_delete() (in pb_dispatch_delete)
 * inter/param_bits_passed.c:116: note: kmalloc(66, GFP_KERNEL) may sleep (direct reclaim) (in pb_handle_delete)
 * inter/param_bits_passed.c:137:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/param_bits_passed.c:148: note: spin_lock(&pb_lock): spinlock held from here (in pb_child_create)
 * inter/param_bits_passed.c:149: note: calls pb_dispatch_child() (in pb_child_create)
 * inter/param_bits_passed.c:143: note: calls pb_handle_child() (in pb_dispatch_child)
 * inter/param_bits_passed.c:137: note: kmalloc(67, GFP_KERNEL) may sleep (direct reclaim) (in pb_handle_child)
 * inter/param_bits_passed.c:158:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/param_bits_passed.c:169: note: spin_lock(&pb_lock): spinlock held from here (in pb_marked)
 * inter/param_bits_passed.c:170: note: calls pb_dispatch_mark() (in pb_marked)
 * inter/param_bits_passed.c:164: note: calls pb_handle_marked() (in pb_dispatch_mark)
 * inter/param_bits_passed.c:158: note: kmalloc(68, GFP_KERNEL) may sleep (direct reclaim) (in pb_handle_marked)
 * inter/param_bits_passed.c:184:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/param_bits_passed.c:195: note: spin_lock(&pb_lock): spinlock held from here (in pb_renamed)
 * inter/param_bits_passed.c:196: note: calls pb_dispatch_assign() (in pb_renamed)
 * inter/param_bits_passed.c:190: note: calls pb_handle_renamed() (in pb_dispatch_assign)
 * inter/param_bits_passed.c:184: note: kmalloc(69, GFP_KERNEL) may sleep (direct reclaim) (in pb_handle_renamed)
 * check-output-end
 */
