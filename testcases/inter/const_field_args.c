// SPDX-License-Identifier: GPL-2.0
/*
 * const_field_args: a caller that tests a field of an object before it
 * passes the object's pointer fixes that field's truth for the callee,
 * which tests it (or a local it copied it to) before writing it.
 * drivers/usb/host/ohci-hcd.c ohci_irq() calls ohci_rh_resume(ohci) only
 * `if (ohci->autostop)`, under ohci->lock in hard-IRQ context;
 * ohci_rh_resume() starts with `int autostopped = ohci->autostop;` and
 * calls ohci_restart() (which registers wakeup sysfs files, GFP_KERNEL)
 * only `if (!autostopped)`.
 *  - cfa_resume(): copies the field to a local first; reached with the
 *    field set (cfa_auto_locked()) and clear (cfa_manual_locked()): its
 *    allocation is reported from the second only.
 *  - cfa_check(): tests the field itself; its only caller passes a
 *    pointer whose field it tested set: not reported.
 *  - cfa_settle(): may clear the field before its test: reported.
 *  - cfa_check_other(): the caller tested another object's field:
 *    reported.
 *  - cfa_check_cleared(): the caller cleared the field after its test:
 *    reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cfa_hcd {
	unsigned int autostop:1;
	unsigned int dying:1;
	int state;
	void *buf, *log, *extra, *more, *last;
};

static DEFINE_SPINLOCK(cfa_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cfa_auto_locked(struct cfa_hcd *hcd);
void cfa_manual_locked(struct cfa_hcd *hcd);
void cfa_dying_locked(struct cfa_hcd *hcd);
void cfa_settle_locked(struct cfa_hcd *hcd);
void cfa_other_locked(struct cfa_hcd *a, struct cfa_hcd *b);
void cfa_cleared_locked(struct cfa_hcd *hcd);

/* ohci_rh_resume() */
static noinline void cfa_resume(struct cfa_hcd *hcd)
{
	int autostopped = hcd->autostop;

	hcd->autostop = 0;
	if (!autostopped)
		hcd->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfa_manual_locked: spin_lock(&cfa_lock): spinlock held from here" */
}

/* ohci_irq() */
void cfa_auto_locked(struct cfa_hcd *hcd)
{
	if (hcd->autostop) {
		spin_lock(&cfa_lock);
		cfa_resume(hcd);
		spin_unlock(&cfa_lock);
	}
}

void cfa_manual_locked(struct cfa_hcd *hcd)
{
	spin_lock(&cfa_lock);
	if (!hcd->autostop)
		cfa_resume(hcd);
	spin_unlock(&cfa_lock);
}

static noinline void cfa_check(struct cfa_hcd *hcd)
{
	if (!hcd->dying)
		hcd->log = kmalloc(32, GFP_KERNEL);
}

void cfa_dying_locked(struct cfa_hcd *hcd)
{
	if (hcd->dying) {
		spin_lock(&cfa_lock);
		cfa_check(hcd);
		spin_unlock(&cfa_lock);
	}
}

static noinline void cfa_settle(struct cfa_hcd *hcd)
{
	if (hcd->dying && hcd->state > 1)
		hcd->dying = 0;
	if (!hcd->dying)
		hcd->extra = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfa_settle_locked: spin_lock(&cfa_lock): spinlock held from here" */
}

void cfa_settle_locked(struct cfa_hcd *hcd)
{
	if (hcd->dying) {
		spin_lock(&cfa_lock);
		cfa_settle(hcd);
		spin_unlock(&cfa_lock);
	}
}

static noinline void cfa_check_other(struct cfa_hcd *hcd)
{
	if (!hcd->dying)
		hcd->more = kmalloc(8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfa_other_locked: spin_lock(&cfa_lock): spinlock held from here" */
}

void cfa_other_locked(struct cfa_hcd *a, struct cfa_hcd *b)
{
	if (a->dying) {
		spin_lock(&cfa_lock);
		cfa_check_other(b);
		spin_unlock(&cfa_lock);
	}
}

static noinline void cfa_check_cleared(struct cfa_hcd *hcd)
{
	if (!hcd->dying)
		hcd->last = kmalloc(4, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfa_cleared_locked: spin_lock(&cfa_lock): spinlock held from here" */
}

void cfa_cleared_locked(struct cfa_hcd *hcd)
{
	if (hcd->dying) {
		hcd->dying = 0;
		spin_lock(&cfa_lock);
		cfa_check_cleared(hcd);
		spin_unlock(&cfa_lock);
	}
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: fields a caller tested before passing their object");

/*
 * check-output-start
 * inter/const_field_args.c:50:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_field_args.c:65: note: spin_lock(&cfa_lock): spinlock held from here (in cfa_manual_locked)
 * inter/const_field_args.c:67: note: calls cfa_resume() (in cfa_manual_locked)
 * inter/const_field_args.c:50: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in cfa_resume)
 * inter/const_field_args.c:91:16: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_field_args.c:97: note: spin_lock(&cfa_lock): spinlock held from here (in cfa_settle_locked)
 * inter/const_field_args.c:98: note: calls cfa_settle() (in cfa_settle_locked)
 * inter/const_field_args.c:91: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in cfa_settle)
 * inter/const_field_args.c:106:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_field_args.c:112: note: spin_lock(&cfa_lock): spinlock held from here (in cfa_other_locked)
 * inter/const_field_args.c:113: note: calls cfa_check_other() (in cfa_other_locked)
 * inter/const_field_args.c:106: note: kmalloc(8, GFP_KERNEL) may sleep (direct reclaim) (in cfa_check_other)
 * inter/const_field_args.c:121:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_field_args.c:128: note: spin_lock(&cfa_lock): spinlock held from here (in cfa_cleared_locked)
 * inter/const_field_args.c:129: note: calls cfa_check_cleared() (in cfa_cleared_locked)
 * inter/const_field_args.c:121: note: kmalloc(4, GFP_KERNEL) may sleep (direct reclaim) (in cfa_check_cleared)
 * check-output-end
 */
