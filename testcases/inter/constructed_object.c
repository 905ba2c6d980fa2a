// SPDX-License-Identifier: GPL-2.0
/*
 * constructed_object: a call through a field of a parameter reaches what
 * the objects its callers pass hold, where every caller is seen, and an
 * object filled by a constructor that returns a struct holds what the
 * constructor stored.  6.1's print_signals() prints under
 * rcu_read_lock() through drm_printf(p, ...), whose `p->printfn` reaches
 * by field alone every drm_printer callback, __drm_printfn_coredump()'s
 * GFP_KERNEL allocation too; its callers pass on their parameter, and
 * theirs pass `&p` of a local from drm_debug_printer() or
 * drm_seq_file_printer() (`struct drm_printer p = { .printfn =
 * __drm_printfn_debug, ... }; return p;`).
 *  - co_print_signals() is that shape (through co_printf() and directly);
 *    its callers' printers log: co_print_dump()'s allocation, reached only
 *    by the dump printer used outside any lock, is not reported.  The
 *    printers come by initialiser, by assignment and as a compound
 *    literal.
 *  - co_print_state() prints under a spinlock with the printer its one
 *    caller makes with co_state_printer(): reported, through the field.
 *  - co_sink_locked() has no caller in the tree: its sink may be any,
 *    and the allocating one is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

struct co_printer {
	void (*printfn)(struct co_printer *p, const char *s);
	void *arg;
};

struct co_sink {
	void (*put)(struct co_sink *s, const char *text);
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void co_heartbeat(void);
void co_debugfs(void *m);
void co_error(void);
void co_coredump(void *it);
void co_state_dump(void *it);
void co_sink_fill(void);
void co_sink_locked(struct co_sink *s);

static DEFINE_SPINLOCK(co_lock);

static void co_print_log(struct co_printer *p, const char *s)
{
	pr_info("%s\n", s);
}

static void co_print_err(struct co_printer *p, const char *s)
{
	pr_err("%s\n", s);
}

/* __drm_printfn_coredump() */
static void co_print_dump(struct co_printer *p, const char *s)
{
	kfree(p->arg);
	p->arg = kmalloc(strlen(s) + 1, GFP_KERNEL);
}

static void co_print_state_dump(struct co_printer *p, const char *s)
{
	kfree(p->arg);
	p->arg = kmalloc(strlen(s) + 2, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "co_print_state: calls co_printf()" "co_printf: calls co_print_state_dump() through co_printer.printfn" */
}

static void co_sink_alloc(struct co_sink *s, const char *text)
{
	kfree(s->buf);
	s->buf = kmalloc(strlen(text) + 3, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "co_sink_locked: calls co_sink_alloc() through co_sink.put" */
}

static void co_sink_drop(struct co_sink *s, const char *text)
{
}

/* drm_debug_printer() */
static inline struct co_printer co_log_printer(void *arg)
{
	struct co_printer p = { .printfn = co_print_log, .arg = arg };

	return p;
}

static inline struct co_printer co_err_printer(void)
{
	return (struct co_printer){ .printfn = co_print_err };
}

/* drm_coredump_printer() */
static inline struct co_printer co_dump_printer(void *it)
{
	struct co_printer p = { .printfn = co_print_dump, .arg = it };

	return p;
}

static inline struct co_printer co_state_printer(void *it)
{
	struct co_printer p = { .arg = it };

	p.printfn = co_print_state_dump;
	return p;
}

static inline struct co_sink co_sink_allocating(void)
{
	struct co_sink s = { .put = co_sink_alloc };

	return s;
}

/* drm_printf() */
static noinline void co_printf(struct co_printer *p, const char *s)
{
	p->printfn(p, s);
}

/* print_signals() */
static noinline void co_print_signals(struct co_printer *p)
{
	rcu_read_lock();
	co_printf(p, "signal");
	p->printfn(p, "direct");
	rcu_read_unlock();
}

/* intel_engine_print_breadcrumbs() */
static noinline void co_print_engine(struct co_printer *p)
{
	co_print_signals(p);
}

void co_heartbeat(void)
{
	struct co_printer p = co_log_printer(NULL);

	co_print_engine(&p);
}

void co_debugfs(void *m)
{
	struct co_printer p;

	p = co_log_printer(m);
	co_print_engine(&p);
}

void co_error(void)
{
	struct co_printer p = co_err_printer();

	co_print_engine(&p);
}

void co_coredump(void *it)
{
	struct co_printer p = co_dump_printer(it);

	co_printf(&p, "dump");
}

static noinline void co_print_state(struct co_printer *p)
{
	spin_lock(&co_lock);
	co_printf(p, "state");
	spin_unlock(&co_lock);
}

void co_state_dump(void *it)
{
	struct co_printer p = co_state_printer(it);

	co_print_state(&p);
}

void co_sink_fill(void)
{
	struct co_sink s = co_sink_allocating();
	struct co_sink quiet = { .put = co_sink_drop };

	s.put(&s, "fill");
	quiet.put(&quiet, "fill");
	kfree(s.buf);
}

void co_sink_locked(struct co_sink *s)
{
	spin_lock(&co_lock);
	s->put(s, "locked");
	spin_unlock(&co_lock);
}

MODULE_DESCRIPTION("gfpcheck test: objects from every caller and from constructors");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/constructed_object.c:70:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/constructed_object.c:171: note: spin_lock(&co_lock): spinlock held from here (in co_print_state)
 * inter/constructed_object.c:172: note: calls co_printf() (in co_print_state)
 * inter/constructed_object.c:122: note: calls co_print_state_dump() through co_printer.printfn (assignment in inter/constructed_object.c) (in co_printf)
 * inter/constructed_object.c:70: note: kmalloc(strlen(s) + 2, GFP_KERNEL) may sleep (direct reclaim) (in co_print_state_dump)
 * inter/constructed_object.c:76:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/constructed_object.c:195: note: spin_lock(&co_lock): spinlock held from here (in co_sink_locked)
 * inter/constructed_object.c:196: note: calls co_sink_alloc() through co_sink.put (initializer in inter/constructed_object.c) (in co_sink_locked)
 * inter/constructed_object.c:76: note: kmalloc(strlen(text) + 3, GFP_KERNEL) may sleep (direct reclaim) (in co_sink_alloc)
 * check-output-end
 */
