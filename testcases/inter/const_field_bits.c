// SPDX-License-Identifier: GPL-2.0
/*
 * const_field_bits: flag bits of a field that the caller tested on every
 * path to a call decide the callee's tests of those bits, as a field's
 * truth does (const_field_args.c).  The shape of 6.12's fput(): it calls
 * file_free(file) only if !(file->f_mode & (FMODE_BACKING | FMODE_OPENED)),
 * and file_free() frees a backing file's path only if f_mode &
 * FMODE_BACKING.
 *  - fb_put_locked() holds a spinlock and calls fb_put(), which calls
 *    fb_free() only with neither FB_BACKING nor FB_OPENED set:
 *    fb_backing_free()'s GFP_KERNEL allocation is not reached.  fb_free()
 *    tests `unlikely(f->mode & FB_BACKING)`, a macro constant inside
 *    another macro's argument, whose operator is read where the argument
 *    is written (ast.c la_op()).
 *  - fb_close_locked() calls fb_close(), which calls fb_release() where
 *    FB_OPENED is set, which says nothing of FB_BACKING:
 *    fb_backing_release()'s allocation is reported.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* cast constants, as fs.h's FMODE_* are ((__force fmode_t)(1 << 24)) */
#define FB_BACKING ((unsigned int)0x1)
#define FB_OPENED ((unsigned int)0x2)

struct fb_file {
	unsigned int mode;
	atomic_t count;
	void *priv;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void fb_put_locked(struct fb_file *f);
void fb_close_locked(struct fb_file *f);

static DEFINE_SPINLOCK(fb_lock);

static void fb_backing_free(struct fb_file *f)
{
	f->priv = kmalloc(32, GFP_KERNEL);
	kfree(f->priv);
	kfree(f);
}

static void fb_free(struct fb_file *f)
{
	if (unlikely(f->mode & FB_BACKING))
		fb_backing_free(f);
	else
		kfree(f);
}

static void fb_put(struct fb_file *f)
{
	if (atomic_dec_and_test(&f->count)) {
		if (!(f->mode & (FB_BACKING | FB_OPENED))) {
			fb_free(f);
			return;
		}
		f->priv = NULL;
	}
}

void fb_put_locked(struct fb_file *f)
{
	spin_lock(&fb_lock);
	fb_put(f);
	spin_unlock(&fb_lock);
}

static void fb_backing_release(struct fb_file *f)
{
	f->priv = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&fb_lock): spinlock held from here" "fb_close_locked: calls fb_close()" "fb_close: calls fb_release()" "fb_release: calls fb_backing_release()" */
	kfree(f->priv);
	kfree(f);
}

static void fb_release(struct fb_file *f)
{
	if (f->mode & FB_BACKING)
		fb_backing_release(f);
	else
		kfree(f);
}

static void fb_close(struct fb_file *f)
{
	if (f->mode & FB_OPENED)
		fb_release(f);
}

void fb_close_locked(struct fb_file *f)
{
	spin_lock(&fb_lock);
	fb_close(f);
	spin_unlock(&fb_lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/const_field_bits.c:75:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_field_bits.c:96: note: spin_lock(&fb_lock): spinlock held from here (in fb_close_locked)
 * inter/const_field_bits.c:97: note: calls fb_close() (in fb_close_locked)
 * inter/const_field_bits.c:91: note: calls fb_release() (in fb_close)
 * inter/const_field_bits.c:83: note: calls fb_backing_release() (in fb_release)
 * inter/const_field_bits.c:75: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in fb_backing_release)
 * check-output-end
 */
