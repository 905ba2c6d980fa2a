// SPDX-License-Identifier: GPL-2.0
/*
 * spin_lock_irqsave: spin_lock_irqsave() takes the lock and saves/disables
 * local interrupts; spin_unlock_irqrestore() releases the lock and restores
 * the saved interrupt state.  In this configuration spin_lock_irqsave is a
 * do { } while (0) macro assigning the flags, not a function.  Sleeping
 * allocations inside the section are reported (sis_add_event, and the
 * GFP_KERNEL_ACCOUNT one in sis_set_name); those made before the section,
 * after the restore, or with GFP_ATOMIC inside it are not.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct sis_event {
	struct list_head node;
	u64 stamp;
};

struct sis_ctrl {
	spinlock_t lock;
	struct list_head events;
	char *name;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int sis_add_event(struct sis_ctrl *ctrl, u64 stamp);
int sis_add_event_atomic(struct sis_ctrl *ctrl, u64 stamp);
int sis_set_name(struct sis_ctrl *ctrl, const char *name, size_t len);
char *sis_get_name(struct sis_ctrl *ctrl);

int sis_add_event(struct sis_ctrl *ctrl, u64 stamp)
{
	struct sis_event *ev;
	unsigned long flags;

	spin_lock_irqsave(&ctrl->lock, flags);
	ev = kmalloc(sizeof(*ev), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (ev) {
		ev->stamp = stamp;
		list_add_tail(&ev->node, &ctrl->events);
	}
	spin_unlock_irqrestore(&ctrl->lock, flags);
	return ev ? 0 : -ENOMEM;
}

int sis_add_event_atomic(struct sis_ctrl *ctrl, u64 stamp)
{
	struct sis_event *ev;
	unsigned long flags;

	spin_lock_irqsave(&ctrl->lock, flags);
	ev = kmalloc(sizeof(*ev), GFP_ATOMIC);
	if (ev) {
		ev->stamp = stamp;
		list_add_tail(&ev->node, &ctrl->events);
	}
	spin_unlock_irqrestore(&ctrl->lock, flags);
	return ev ? 0 : -ENOMEM;
}

int sis_set_name(struct sis_ctrl *ctrl, const char *name, size_t len)
{
	unsigned long flags;
	char *copy;

	spin_lock_irqsave(&ctrl->lock, flags);
	copy = kmalloc(len + 1, GFP_KERNEL_ACCOUNT); /* expect: gfp-sleep-in-atomic */
	if (copy) {
		memcpy(copy, name, len);
		copy[len] = '\0';
		kfree(ctrl->name);
		ctrl->name = copy;
	}
	spin_unlock_irqrestore(&ctrl->lock, flags);
	return copy ? 0 : -ENOMEM;
}

char *sis_get_name(struct sis_ctrl *ctrl)
{
	unsigned long flags;
	size_t len;
	char *copy;

	spin_lock_irqsave(&ctrl->lock, flags);
	len = ctrl->name ? strlen(ctrl->name) : 0;
	spin_unlock_irqrestore(&ctrl->lock, flags);

	copy = kmalloc(len + 1, GFP_KERNEL);
	if (!copy)
		return NULL;

	spin_lock_irqsave(&ctrl->lock, flags);
	if (ctrl->name)
		strscpy(copy, ctrl->name, len + 1);
	else
		copy[0] = '\0';
	spin_unlock_irqrestore(&ctrl->lock, flags);
	return copy;
}

MODULE_DESCRIPTION("gfpcheck test: spin_lock_irqsave/spin_unlock_irqrestore");
MODULE_LICENSE("GPL");
