// SPDX-License-Identifier: GPL-2.0
/*
 * field_caller_object: a function stored only in struct fields that no
 * function reads but to call through them, test them or store into them
 * is entered only from the calls through those fields: the objects they
 * pass reach its parameters.  6.1's ttm_range_man_debug() is stored in
 * `ttm_resource_manager_func.debug` and prints under its manager's
 * spinlock through drm_mm_print(&rman->mm, printer) → drm_printf(), whose
 * `p->printfn` reaches by field alone every drm_printer callback,
 * __drm_printfn_coredump()'s GFP_KERNEL allocation too; the one call
 * through the field, `man->func->debug(man, p)` in
 * ttm_resource_manager_debug(), passes its own parameter, and every
 * caller of that passes `&p` of a printer from drm_seq_file_printer() or
 * drm_debug_printer().
 *  - fco_range_debug() is that shape: the dump printer's allocation,
 *    reached only outside any lock, is not reported (the binary before
 *    reports it, under the spinlock).
 *  - fco_range_dump() is stored in a field that fco_dump_all() copies
 *    into a local before calling it: it may run from anywhere, with any
 *    output, and the allocating one is reported.
 *  - fco_range_show() is called through its field by fco_show(), which
 *    no call of the tree names: its sink may be any, and the allocating
 *    one is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct fco_printer {
	void (*printfn)(struct fco_printer *p, const char *s);
	void *arg;
};

struct fco_out {
	void (*emit)(struct fco_out *o, const char *s);
	void *buf;
};

struct fco_sink {
	void (*put)(struct fco_sink *s, const char *s2);
	void *buf;
};

struct fco_manager;

struct fco_manager_func {
	void (*debug)(struct fco_manager *man, struct fco_printer *p);
	void (*dump)(struct fco_manager *man, struct fco_out *o);
	void (*show)(struct fco_manager *man, struct fco_sink *s);
};

struct fco_manager {
	const struct fco_manager_func *func;
	spinlock_t lock;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void fco_debugfs(struct fco_manager *man, void *seq);
void fco_coredump(void *it);
void fco_dump_all(struct fco_manager *man);
void fco_out_dump(void);
void fco_show(struct fco_manager *man, struct fco_sink *s);
void fco_sink_dump(void);

static void fco_print_log(struct fco_printer *p, const char *s)
{
	pr_info("%s\n", s);
}

/* __drm_printfn_coredump() */
static void fco_print_dump(struct fco_printer *p, const char *s)
{
	kfree(p->arg);
	p->arg = kmalloc(strlen(s) + 1, GFP_KERNEL);
}

static void fco_out_log(struct fco_out *o, const char *s)
{
	pr_info("%s\n", s);
}

static void fco_out_alloc(struct fco_out *o, const char *s)
{
	kfree(o->buf);
	o->buf = kmalloc(strlen(s) + 2, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fco_range_dump: calls fco_out_alloc() through fco_out.emit" */
}

static void fco_sink_log(struct fco_sink *s, const char *s2)
{
	pr_info("%s\n", s2);
}

static void fco_sink_alloc(struct fco_sink *s, const char *s2)
{
	kfree(s->buf);
	s->buf = kmalloc(strlen(s2) + 3, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fco_range_show: calls fco_sink_alloc() through fco_sink.put" */
}

/* drm_printf() */
static noinline void fco_printf(struct fco_printer *p, const char *s)
{
	p->printfn(p, s);
}

/* ttm_range_man_debug() */
static void fco_range_debug(struct fco_manager *man, struct fco_printer *p)
{
	spin_lock(&man->lock);
	fco_printf(p, "range");
	spin_unlock(&man->lock);
}

static void fco_range_dump(struct fco_manager *man, struct fco_out *o)
{
	spin_lock(&man->lock);
	o->emit(o, "range");
	spin_unlock(&man->lock);
}

static void fco_range_show(struct fco_manager *man, struct fco_sink *s)
{
	spin_lock(&man->lock);
	s->put(s, "range");
	spin_unlock(&man->lock);
}

static const struct fco_manager_func fco_range_func = {
	.debug = fco_range_debug,
	.dump = fco_range_dump,
	.show = fco_range_show,
};

/* ttm_resource_manager_debug() */
static noinline void fco_manager_debug(struct fco_manager *man,
				       struct fco_printer *p)
{
	if (man->func->debug)
		man->func->debug(man, p);
}

/* ttm_resource_manager_show(), with drm_seq_file_printer() */
void fco_debugfs(struct fco_manager *man, void *seq)
{
	struct fco_printer p = { .printfn = fco_print_log, .arg = seq };

	man->func = &fco_range_func;
	fco_manager_debug(man, &p);
}

void fco_coredump(void *it)
{
	struct fco_printer p = { .printfn = fco_print_dump, .arg = it };

	fco_printf(&p, "dump");
}

void fco_dump_all(struct fco_manager *man)
{
	void (*dump)(struct fco_manager *man, struct fco_out *o) =
		man->func->dump;
	struct fco_out o = { .emit = fco_out_log };

	dump(man, &o);
}

void fco_out_dump(void)
{
	struct fco_out o = { .emit = fco_out_alloc };

	o.emit(&o, "dump");
	kfree(o.buf);
}

void fco_show(struct fco_manager *man, struct fco_sink *s)
{
	man->func->show(man, s);
}

void fco_sink_dump(void)
{
	struct fco_sink s = { .put = fco_sink_alloc };
	struct fco_sink quiet = { .put = fco_sink_log };

	s.put(&s, "dump");
	quiet.put(&quiet, "dump");
	kfree(s.buf);
}

MODULE_DESCRIPTION("gfpcheck test: objects a method is called through its field with");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/field_caller_object.c:86:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/field_caller_object.c:116: note: spin_lock(&man->lock): spinlock held from here (in fco_range_dump)
 * inter/field_caller_object.c:117: note: calls fco_out_alloc() through fco_out.emit (initializer in inter/field_caller_object.c) (in fco_range_dump)
 * inter/field_caller_object.c:86: note: kmalloc(strlen(s) + 2, GFP_KERNEL) may sleep (direct reclaim) (in fco_out_alloc)
 * inter/field_caller_object.c:97:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/field_caller_object.c:123: note: spin_lock(&man->lock): spinlock held from here (in fco_range_show)
 * inter/field_caller_object.c:124: note: calls fco_sink_alloc() through fco_sink.put (initializer in inter/field_caller_object.c) (in fco_range_show)
 * inter/field_caller_object.c:97: note: kmalloc(strlen(s2) + 3, GFP_KERNEL) may sleep (direct reclaim) (in fco_sink_alloc)
 * check-output-end
 */
