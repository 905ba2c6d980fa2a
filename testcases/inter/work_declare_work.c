// SPDX-License-Identifier: GPL-2.0
/*
 * work_declare_work: statically declared work items.  DECLARE_WORK(n, f)
 * expands to `struct work_struct n = { ..., .func = (f), }`;
 * DECLARE_DELAYED_WORK(n, f) to a struct delayed_work whose `.work` member
 * has `.func = (f)` and whose `.timer` has `.function =
 * (delayed_work_timer_fn)` (a kernel function, not module code).  Both
 * work functions run in process context: none of the allocations in this
 * file is reported (no expectations).
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void wdw_kick(void);

static DEFINE_MUTEX(wdw_mutex);
static void *wdw_buf;
static void *wdw_big;
static void *wdw_aux;

static void wdw_refresh(void)
{
	void *big;

	big = vmalloc(65536);
	if (!big)
		return;
	mutex_lock(&wdw_mutex);
	swap(big, wdw_big);
	mutex_unlock(&wdw_mutex);
	vfree(big);
}

static void wdw_fn(struct work_struct *work)
{
	void *buf;

	buf = kmalloc(256, GFP_KERNEL);
	if (!buf)
		return;
	mutex_lock(&wdw_mutex);
	swap(buf, wdw_buf);
	mutex_unlock(&wdw_mutex);
	kfree(buf);
	wdw_refresh();
}

static void wdw_delayed_fn(struct work_struct *work)
{
	void *aux;

	aux = kzalloc(64, GFP_KERNEL);
	if (!aux)
		return;
	mutex_lock(&wdw_mutex);
	swap(aux, wdw_aux);
	mutex_unlock(&wdw_mutex);
	kfree(aux);
}

static DECLARE_WORK(wdw_work, wdw_fn);
static DECLARE_DELAYED_WORK(wdw_dwork, wdw_delayed_fn);

void wdw_kick(void)
{
	schedule_work(&wdw_work);
	schedule_delayed_work(&wdw_dwork, HZ);
}

MODULE_DESCRIPTION("gfpcheck test: DECLARE_WORK functions are sleepable entries");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * check-output-end
 */
