// SPDX-License-Identifier: GPL-2.0
/*
 * callback_object: a function handed only to parameters that call it
 * back, test it or pass it on to parameters of the same kind, never
 * stored, is entered only from the calls through those parameters: the
 * objects they pass reach its parameters.  6.1's i915_engine_info() makes
 * a printer with drm_seq_file_printer() and calls
 * intel_gt_show_timelines(gt, &p, i915_request_show_with_schedule), which
 * calls `show_request(m, rq, "", 2)` if it was given one;
 * i915_request_show_with_schedule() prints under rcu_read_lock() through
 * drm_printf(m, ...), whose `m->printfn` reaches by field alone every
 * drm_printer callback, __drm_printfn_coredump()'s GFP_KERNEL allocation
 * too.
 *  - cbo_show_locked() is that shape, handed on through two walkers: the
 *    dump printer's allocation, reached only outside any lock, is not
 *    reported (the binary before reports it, under rcu_read_lock()).
 *  - cbo_show_saved() is handed to a walker that also keeps the callback
 *    in a variable: it may run from anywhere, with any output, and the
 *    allocating one is reported.
 *  - cbo_sink_show() is handed to a walker that passes it on to a
 *    function that stores it in a struct: likewise reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

struct cbo_printer {
	void (*printfn)(struct cbo_printer *p, const char *s);
	void *arg;
};

struct cbo_out {
	void (*emit)(struct cbo_out *o, const char *s);
	void *buf;
};

struct cbo_sink {
	void (*put)(struct cbo_sink *s, const char *s2);
	void *buf;
};

struct cbo_hooks {
	void (*show)(struct cbo_sink *s);
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cbo_engine_info(void *seq);
void cbo_coredump(void *it);
void cbo_saved_info(void);
void cbo_out_dump(void);
void cbo_sink_info(void);
void cbo_sink_dump(void);

static DEFINE_SPINLOCK(cbo_lock);
static struct cbo_hooks cbo_hooks;
static void (*cbo_saved)(struct cbo_out *o);

static void cbo_print_log(struct cbo_printer *p, const char *s)
{
	pr_info("%s\n", s);
}

/* __drm_printfn_coredump() */
static void cbo_print_dump(struct cbo_printer *p, const char *s)
{
	kfree(p->arg);
	p->arg = kmalloc(strlen(s) + 1, GFP_KERNEL);
}

static void cbo_out_log(struct cbo_out *o, const char *s)
{
	pr_info("%s\n", s);
}

static void cbo_out_alloc(struct cbo_out *o, const char *s)
{
	kfree(o->buf);
	o->buf = kmalloc(strlen(s) + 2, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cbo_show_saved: calls cbo_out_alloc() through cbo_out.emit" */
}

static void cbo_sink_log(struct cbo_sink *s, const char *s2)
{
	pr_info("%s\n", s2);
}

static void cbo_sink_alloc(struct cbo_sink *s, const char *s2)
{
	kfree(s->buf);
	s->buf = kmalloc(strlen(s2) + 3, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cbo_sink_show: calls cbo_sink_alloc() through cbo_sink.put" */
}

/* drm_seq_file_printer() */
static inline struct cbo_printer cbo_log_printer(void *arg)
{
	struct cbo_printer p = { .printfn = cbo_print_log, .arg = arg };

	return p;
}

/* drm_coredump_printer() */
static inline struct cbo_printer cbo_dump_printer(void *it)
{
	struct cbo_printer p = { .printfn = cbo_print_dump, .arg = it };

	return p;
}

/* drm_printf() */
static noinline void cbo_printf(struct cbo_printer *p, const char *s)
{
	p->printfn(p, s);
}

/* i915_request_show_with_schedule() */
static void cbo_show_locked(struct cbo_printer *m, int indent)
{
	rcu_read_lock();
	cbo_printf(m, "request");
	rcu_read_unlock();
}

/* intel_gt_show_timelines() */
static noinline void cbo_walk(struct cbo_printer *m,
			      void (*show)(struct cbo_printer *m, int indent))
{
	cbo_printf(m, "timeline");
	if (!show)
		return;
	show(m, 2);
	(*show)(m, 4);
}

static noinline void cbo_walk_outer(struct cbo_printer *m,
				    void (*show)(struct cbo_printer *m,
						 int indent))
{
	if (show != NULL)
		cbo_walk(m, show);
}

/* i915_engine_info() */
void cbo_engine_info(void *seq)
{
	struct cbo_printer p = cbo_log_printer(seq);

	cbo_walk_outer(&p, cbo_show_locked);
}

void cbo_coredump(void *it)
{
	struct cbo_printer p = cbo_dump_printer(it);

	cbo_printf(&p, "dump");
}

static void cbo_show_saved(struct cbo_out *o)
{
	spin_lock(&cbo_lock);
	o->emit(o, "saved");
	spin_unlock(&cbo_lock);
}

static noinline void cbo_walk_saving(struct cbo_out *o,
				     void (*show)(struct cbo_out *o))
{
	cbo_saved = show;
	show(o);
}

void cbo_saved_info(void)
{
	struct cbo_out o = { .emit = cbo_out_log };

	cbo_walk_saving(&o, cbo_show_saved);
}

void cbo_out_dump(void)
{
	struct cbo_out o = { .emit = cbo_out_alloc };

	o.emit(&o, "dump");
	kfree(o.buf);
}

static void cbo_sink_show(struct cbo_sink *s)
{
	spin_lock(&cbo_lock);
	s->put(s, "show");
	spin_unlock(&cbo_lock);
}

static noinline void cbo_keep(void (*show)(struct cbo_sink *s))
{
	cbo_hooks.show = show;
}

static noinline void cbo_sink_walk(struct cbo_sink *s,
				   void (*show)(struct cbo_sink *s))
{
	cbo_keep(show);
	show(s);
}

void cbo_sink_info(void)
{
	struct cbo_sink s = { .put = cbo_sink_log };

	cbo_sink_walk(&s, cbo_sink_show);
}

void cbo_sink_dump(void)
{
	struct cbo_sink s = { .put = cbo_sink_alloc };

	s.put(&s, "dump");
	kfree(s.buf);
}

MODULE_DESCRIPTION("gfpcheck test: objects a callback is called back with");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/callback_object.c:80:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callback_object.c:160: note: spin_lock(&cbo_lock): spinlock held from here (in cbo_show_saved)
 * inter/callback_object.c:161: note: calls cbo_out_alloc() through cbo_out.emit (initializer in inter/callback_object.c) (in cbo_show_saved)
 * inter/callback_object.c:80: note: kmalloc(strlen(s) + 2, GFP_KERNEL) may sleep (direct reclaim) (in cbo_out_alloc)
 * inter/callback_object.c:91:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callback_object.c:189: note: spin_lock(&cbo_lock): spinlock held from here (in cbo_sink_show)
 * inter/callback_object.c:190: note: calls cbo_sink_alloc() through cbo_sink.put (initializer in inter/callback_object.c) (in cbo_sink_show)
 * inter/callback_object.c:91: note: kmalloc(strlen(s2) + 3, GFP_KERNEL) may sleep (direct reclaim) (in cbo_sink_alloc)
 * check-output-end
 */
