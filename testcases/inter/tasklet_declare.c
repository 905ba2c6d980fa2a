// SPDX-License-Identifier: GPL-2.0
/*
 * tasklet_declare: statically declared tasklets.  DECLARE_TASKLET expands
 * to a `struct tasklet_struct` definition with the designated initializer
 * `.callback = tkd_cb`; DECLARE_TASKLET_OLD to one with `.func =
 * tkd_old_func`.  Both callbacks run in softirq context.
 *  - tkd_cb's GFP_KERNEL allocation: reported.
 *  - tkd_old_func calls tkd_grow, whose kcalloc with GFP_KERNEL is
 *    reported.
 *  - tkd_cb's second allocation uses GFP_ATOMIC: not reported.
 *  - tkd_kick (process context, schedules both tasklets) allocates with
 *    GFP_KERNEL: not reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int tkd_kick(void);

static DEFINE_SPINLOCK(tkd_lock);
static void *tkd_result;
static void *tkd_aux;
static void *tkd_slots;
static unsigned int tkd_nr_slots = 8;
static void *tkd_request;

static void tkd_store(void **slot, void *p)
{
	void *old;

	spin_lock(&tkd_lock);
	old = *slot;
	*slot = p;
	spin_unlock(&tkd_lock);
	kfree(old);
}

static void tkd_cb(struct tasklet_struct *t)
{
	void *res, *aux;

	res = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (res)
		tkd_store(&tkd_result, res);
	aux = kmalloc(16, GFP_ATOMIC);
	if (aux)
		tkd_store(&tkd_aux, aux);
}

static void tkd_grow(void)
{
	u64 *slots;

	slots = kcalloc(tkd_nr_slots, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!slots)
		return;
	tkd_store(&tkd_slots, slots);
}

static void tkd_old_func(unsigned long data)
{
	tkd_grow();
}

static DECLARE_TASKLET(tkd_tasklet, tkd_cb);
static DECLARE_TASKLET_OLD(tkd_old_tasklet, tkd_old_func);

int tkd_kick(void)
{
	void *req;

	req = kzalloc(64, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	tkd_store(&tkd_request, req);
	tasklet_schedule(&tkd_tasklet);
	tasklet_schedule(&tkd_old_tasklet);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: DECLARE_TASKLET callbacks are softirq entries");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/tasklet_declare.c:44:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/tasklet_declare.c:67: note: tkd_cb() stored in tasklet_struct.callback (initializer) here: runs in softirq context (in (file scope))
 * inter/tasklet_declare.c:44: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in tkd_cb)
 * inter/tasklet_declare.c:56:10: warning: kcalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/tasklet_declare.c:68: note: tkd_old_func() stored in tasklet_struct.func (initializer) here: runs in softirq context (in (file scope))
 * inter/tasklet_declare.c:64: note: calls tkd_grow() (in tkd_old_func)
 * inter/tasklet_declare.c:56: note: kcalloc(tkd_nr_slots, sizeof(u64), GFP_KERNEL) may sleep (direct reclaim) (in tkd_grow)
 * check-output-end
 */
