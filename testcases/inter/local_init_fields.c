// SPDX-License-Identifier: GPL-2.0
/*
 * local_init_fields: a struct local initialised with designated fields
 * and used once, by address, at a call gives the callee those fields'
 * values, and an unsigned field compared with 0 by `<=` or `>` is a
 * truth test.  The pattern is net/unix/af_unix.c on 6.1, under
 * unix_state_lock(other) in unix_stream_sendpage():
 *	maybe_init_creds():	struct msghdr msg = { .msg_controllen = 0 };
 *				scm_send(socket, &msg, scm, false);
 *	scm_send():		if (msg->msg_controllen <= 0)
 *					return 0;
 *				return __scm_send(sock, msg, scm);
 * where __scm_send() allocates with GFP_KERNEL_ACCOUNT.
 *  - lif_creds: `.controllen = 0`, tested `<= 0`: not reported.
 *  - lif_creds_gt: `.controllen = 0`, tested `> 0`: not reported.
 *  - lif_creds_set: `.controllen = 16`: reported.
 *  - lif_creds_changed: the local is also assigned before the call (not
 *    its one use): reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lif_msg {
	void *control;
	size_t controllen;
	int flags;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lif_creds(void);
int lif_creds_gt(void);
int lif_creds_set(void);
int lif_creds_changed(size_t len);

static DEFINE_SPINLOCK(lif_lock);

/* __scm_send() */
static noinline int lif_copy(struct lif_msg *msg)
{
	msg->control = kmalloc(msg->controllen, GFP_KERNEL);
	return msg->control ? 0 : -ENOMEM;
}

/* scm_send() */
static noinline int lif_send(struct lif_msg *msg)
{
	if (msg->controllen <= 0)
		return 0;
	return lif_copy(msg);
}

static noinline int lif_copy_gt(struct lif_msg *msg)
{
	msg->control = kmalloc(msg->controllen, GFP_KERNEL);
	return msg->control ? 0 : -ENOMEM;
}

static noinline int lif_send_gt(struct lif_msg *msg)
{
	if (msg->controllen > 0)
		return lif_copy_gt(msg);
	return 0;
}

static noinline int lif_copy_set(struct lif_msg *msg)
{
	msg->control = kmalloc(msg->controllen, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lif_creds_set: calls lif_send_set()" "lif_send_set: calls lif_copy_set()" */
	return msg->control ? 0 : -ENOMEM;
}

static noinline int lif_send_set(struct lif_msg *msg)
{
	if (msg->controllen <= 0)
		return 0;
	return lif_copy_set(msg);
}

static noinline int lif_copy_changed(struct lif_msg *msg)
{
	msg->control = kmalloc(msg->controllen, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lif_creds_changed: calls lif_send_changed()" "lif_send_changed: calls lif_copy_changed()" */
	return msg->control ? 0 : -ENOMEM;
}

static noinline int lif_send_changed(struct lif_msg *msg)
{
	if (msg->controllen <= 0)
		return 0;
	return lif_copy_changed(msg);
}

/* maybe_init_creds() */
int lif_creds(void)
{
	struct lif_msg msg = { .controllen = 0 };
	int err;

	spin_lock(&lif_lock);
	err = lif_send(&msg);
	spin_unlock(&lif_lock);
	return err;
}

int lif_creds_gt(void)
{
	struct lif_msg msg = { .controllen = 0, .control = NULL };
	int err;

	spin_lock(&lif_lock);
	err = lif_send_gt(&msg);
	spin_unlock(&lif_lock);
	return err;
}

int lif_creds_set(void)
{
	struct lif_msg msg = { .controllen = 16 };
	int err;

	spin_lock(&lif_lock);
	err = lif_send_set(&msg);
	spin_unlock(&lif_lock);
	return err;
}

int lif_creds_changed(size_t len)
{
	struct lif_msg msg = { .controllen = 0 };
	int err;

	msg.controllen = len;
	spin_lock(&lif_lock);
	err = lif_send_changed(&msg);
	spin_unlock(&lif_lock);
	return err;
}

MODULE_DESCRIPTION("gfpcheck test: fields of a local's initialiser known to the callee");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/local_init_fields.c:68:17: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/local_init_fields.c:120: note: spin_lock(&lif_lock): spinlock held from here (in lif_creds_set)
 * inter/local_init_fields.c:121: note: calls lif_send_set() (in lif_creds_set)
 * inter/local_init_fields.c:76: note: calls lif_copy_set() (in lif_send_set)
 * inter/local_init_fields.c:68: note: kmalloc(msg->controllen, GFP_KERNEL) may sleep (direct reclaim) (in lif_copy_set)
 * inter/local_init_fields.c:81:17: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/local_init_fields.c:132: note: spin_lock(&lif_lock): spinlock held from here (in lif_creds_changed)
 * inter/local_init_fields.c:133: note: calls lif_send_changed() (in lif_creds_changed)
 * inter/local_init_fields.c:89: note: calls lif_copy_changed() (in lif_send_changed)
 * inter/local_init_fields.c:81: note: kmalloc(msg->controllen, GFP_KERNEL) may sleep (direct reclaim) (in lif_copy_changed)
 * check-output-end
 */
