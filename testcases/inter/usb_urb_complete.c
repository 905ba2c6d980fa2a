// SPDX-License-Identifier: GPL-2.0
/*
 * usb_urb_complete: URB completion handlers run in atomic context, in the
 * host controller's interrupt handler or its giveback tasklet
 * (Documentation/driver-api/usb/URB.rst).  They are registered by
 * usb_fill_{bulk,int,control}_urb() or by assigning urb->complete.
 *  - uuc_bulk_done (usb_fill_bulk_urb) allocates with GFP_KERNEL: reported.
 *  - uuc_int_done (usb_fill_int_urb) calls uuc_resubmit(), which
 *    resubmits with GFP_KERNEL: reported there, with the chain.
 *  - uuc_ctrl_done (assigned to urb->complete) uses vzalloc(): reported.
 *  - uuc_ok_done allocates with GFP_ATOMIC and resubmits with GFP_ATOMIC:
 *    not reported.
 *  - uuc_start (module init, process context) submits with GFP_KERNEL:
 *    not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/usb.h>
#include <linux/vmalloc.h>

struct uuc_dev {
	struct usb_device *udev;
	struct urb *bulk, *intr, *ctrl, *ok;
	void *buf;
	void *scratch;
};

static struct uuc_dev uuc;

static void uuc_bulk_done(struct urb *urb)
{
	struct uuc_dev *d = urb->context;

	d->scratch = kmalloc(urb->actual_length, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void uuc_resubmit(struct urb *urb)
{
	usb_submit_urb(urb, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void uuc_int_done(struct urb *urb)
{
	if (urb->status)
		return;
	uuc_resubmit(urb);
}

static void uuc_ctrl_done(struct urb *urb)
{
	struct uuc_dev *d = urb->context;

	d->scratch = vzalloc(PAGE_SIZE); /* expect: gfp-sleep-in-atomic */
}

static void uuc_ok_done(struct urb *urb)
{
	struct uuc_dev *d = urb->context;

	d->scratch = kmalloc(32, GFP_ATOMIC);
	usb_submit_urb(urb, GFP_ATOMIC);
}

static int uuc_start(struct uuc_dev *d)
{
	usb_fill_bulk_urb(d->bulk, d->udev, usb_rcvbulkpipe(d->udev, 1), d->buf, 64,
			  uuc_bulk_done, d);
	usb_fill_int_urb(d->intr, d->udev, usb_rcvintpipe(d->udev, 2), d->buf, 8,
			 uuc_int_done, d, 4);
	d->ctrl->complete = uuc_ctrl_done;
	usb_fill_bulk_urb(d->ok, d->udev, usb_rcvbulkpipe(d->udev, 3), d->buf, 64,
			  uuc_ok_done, d);
	return usb_submit_urb(d->bulk, GFP_KERNEL);
}

static int __init uuc_init(void)
{
	return uuc_start(&uuc);
}

module_init(uuc_init);
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/usb_urb_complete.c:34:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/usb_urb_complete.c:66: note: uuc_bulk_done() registered by usb_fill_bulk_urb() here: runs in softirq context (in uuc_start)
 * inter/usb_urb_complete.c:34: note: kmalloc(urb->actual_length, GFP_KERNEL) may sleep (direct reclaim) (in uuc_bulk_done)
 * inter/usb_urb_complete.c:39:2: warning: usb_submit_urb() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/usb_urb_complete.c:68: note: uuc_int_done() registered by usb_fill_int_urb() here: runs in softirq context (in uuc_start)
 * inter/usb_urb_complete.c:46: note: calls uuc_resubmit() (in uuc_int_done)
 * inter/usb_urb_complete.c:39: note: passes GFP_KERNEL to usb_submit_urb(), which may allocate with it (in uuc_resubmit)
 * inter/usb_urb_complete.c:53:15: warning: vzalloc() may sleep in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/usb_urb_complete.c:70: note: uuc_ctrl_done() stored in urb.complete (assignment) here: runs in softirq context (in uuc_start)
 * inter/usb_urb_complete.c:53: note: vzalloc(PAGE_SIZE) may sleep (in uuc_ctrl_done)
 * check-output-end
 */
