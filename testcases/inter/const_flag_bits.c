// SPDX-License-Identifier: GPL-2.0
/*
 * const_flag_bits: a parameter whose bits are tested (`flags &
 * CFB_ZEROCOPY`, `!(flags & CFB_PROBE)`, `(flags & CFB_MORE) == 0`) takes
 * only the branches the caller's constant flags allow, also when the
 * flags are named constants or'ed together and passed on through a
 * wrapper.  net/ipv6/icmp.c icmp6_send() calls ip6_append_data(...,
 * MSG_DONTWAIT) with bottom halves disabled; ip6_append_data() passes its
 * flags to __ip6_append_data(), which reaches msg_zerocopy_realloc() and
 * its GFP_KERNEL allocation only `if ((flags & MSG_ZEROCOPY) && length)`.
 *  - cfb_send_locked(): CFB_DONTWAIT | CFB_NOSIGNAL through cfb_append()
 *    under a BH spinlock: the zero-copy allocation is not reported, the
 *    `!(flags & CFB_PROBE)` one and the `(flags & CFB_MORE) == 0` one are.
 *  - cfb_send_zc_locked(): CFB_DONTWAIT | CFB_ZEROCOPY: the zero-copy
 *    allocation is reported.
 *  - cfb_probe_locked(): CFB_PROBE | CFB_MORE to cfb_probe(), whose two
 *    allocations need one of those bits clear: neither is reported.
 *  - cfb_send_any_locked(): flags the caller does not know, to cfb_any():
 *    its allocation is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define CFB_DONTWAIT	0x40
#define CFB_PROBE	0x10
#define CFB_MORE	0x8000
#define CFB_NOSIGNAL	0x4000
#define CFB_ZEROCOPY	0x4000000

struct cfb_sock {
	void *uarg, *frag, *cork;
};

static DEFINE_SPINLOCK(cfb_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cfb_send_locked(struct cfb_sock *sk);
void cfb_send_zc_locked(struct cfb_sock *sk);
void cfb_probe_locked(struct cfb_sock *sk);
void cfb_send_any_locked(struct cfb_sock *sk, unsigned int flags);

/* __ip6_append_data() */
static noinline int __cfb_append(struct cfb_sock *sk, size_t length, unsigned int flags)
{
	if ((flags & CFB_ZEROCOPY) && length)
		sk->uarg = kmalloc(length, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfb_send_zc_locked: spin_lock_bh(&cfb_lock): spinlock held from here" */
	if (!(flags & CFB_PROBE))
		sk->frag = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfb_send_locked: spin_lock_bh(&cfb_lock): spinlock held from here" */
	if ((flags & CFB_MORE) == 0)
		sk->cork = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfb_send_locked: spin_lock_bh(&cfb_lock): spinlock held from here" */
	return 0;
}

/* ip6_append_data(): passes its flags on */
static noinline int cfb_append(struct cfb_sock *sk, size_t length, unsigned int flags)
{
	return __cfb_append(sk, length, flags);
}

void cfb_send_locked(struct cfb_sock *sk)
{
	spin_lock_bh(&cfb_lock);
	cfb_append(sk, 100, CFB_DONTWAIT | CFB_NOSIGNAL);
	spin_unlock_bh(&cfb_lock);
}

void cfb_send_zc_locked(struct cfb_sock *sk)
{
	spin_lock_bh(&cfb_lock);
	cfb_append(sk, 100, CFB_DONTWAIT | CFB_ZEROCOPY);
	spin_unlock_bh(&cfb_lock);
}

/* every allocation here needs a bit clear that its only caller sets */
static noinline void cfb_probe(struct cfb_sock *sk, unsigned int flags)
{
	if (!(flags & CFB_PROBE))
		sk->frag = kmalloc(16, GFP_KERNEL);
	if ((flags & CFB_MORE) == 0)
		sk->cork = kmalloc(8, GFP_KERNEL);
}

void cfb_probe_locked(struct cfb_sock *sk)
{
	spin_lock_bh(&cfb_lock);
	cfb_probe(sk, CFB_PROBE | CFB_MORE);
	spin_unlock_bh(&cfb_lock);
}

static noinline void cfb_any(struct cfb_sock *sk, unsigned int flags)
{
	if (flags & CFB_ZEROCOPY)
		sk->uarg = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cfb_send_any_locked: spin_lock_bh(&cfb_lock): spinlock held from here" */
}

void cfb_send_any_locked(struct cfb_sock *sk, unsigned int flags)
{
	spin_lock_bh(&cfb_lock);
	cfb_any(sk, flags);
	spin_unlock_bh(&cfb_lock);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: flag bits tested against constant arguments");

/*
 * check-output-start
 * inter/const_flag_bits.c:47:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_flag_bits.c:70: note: spin_lock_bh(&cfb_lock): spinlock held from here (in cfb_send_zc_locked)
 * inter/const_flag_bits.c:71: note: calls cfb_append() (in cfb_send_zc_locked)
 * inter/const_flag_bits.c:58: note: calls __cfb_append() (in cfb_append)
 * inter/const_flag_bits.c:47: note: kmalloc(length, GFP_KERNEL) may sleep (direct reclaim) (in __cfb_append)
 * inter/const_flag_bits.c:49:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_flag_bits.c:63: note: spin_lock_bh(&cfb_lock): spinlock held from here (in cfb_send_locked)
 * inter/const_flag_bits.c:64: note: calls cfb_append() (in cfb_send_locked)
 * inter/const_flag_bits.c:58: note: calls __cfb_append() (in cfb_append)
 * inter/const_flag_bits.c:49: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in __cfb_append)
 * inter/const_flag_bits.c:51:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_flag_bits.c:63: note: spin_lock_bh(&cfb_lock): spinlock held from here (in cfb_send_locked)
 * inter/const_flag_bits.c:64: note: calls cfb_append() (in cfb_send_locked)
 * inter/const_flag_bits.c:58: note: calls __cfb_append() (in cfb_append)
 * inter/const_flag_bits.c:51: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in __cfb_append)
 * inter/const_flag_bits.c:94:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_flag_bits.c:99: note: spin_lock_bh(&cfb_lock): spinlock held from here (in cfb_send_any_locked)
 * inter/const_flag_bits.c:100: note: calls cfb_any() (in cfb_send_any_locked)
 * inter/const_flag_bits.c:94: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in cfb_any)
 * check-output-end
 */
