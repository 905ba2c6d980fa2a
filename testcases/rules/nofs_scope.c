// SPDX-License-Identifier: GPL-2.0
/*
 * nofs_scope: gfp-nofs-scope.  GFP_NOFS / GFP_NOIO (a mask that may reclaim
 * directly but lacks __GFP_FS or __GFP_IO): prefer the memalloc_nofs_save()
 * / memalloc_noio_save() scope API (gfp_mask-from-fs-io.rst).  A note; a
 * warning for __vmalloc(), which does not support NOFS/NOIO.  Masks that
 * cannot sleep (GFP_ATOMIC, GFP_NOWAIT), GFP_KERNEL inside a scope, and a
 * caller's gfp_t narrowed with & ~__GFP_FS are not reported.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ns_fs {
	void *buf;
	struct page *page;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int ns_kmalloc_nofs(struct ns_fs *fs);
int ns_kzalloc_noio(struct ns_fs *fs);
int ns_cache_nofs(struct kmem_cache *cache, struct ns_fs *fs);
int ns_vmalloc_nofs(struct ns_fs *fs);
int ns_pages_noio(struct ns_fs *fs);
int ns_scope(struct ns_fs *fs);
int ns_atomic(struct ns_fs *fs);
int ns_nowait(struct ns_fs *fs);
int ns_caller_mask(struct ns_fs *fs, gfp_t gfp);
void ns_free(struct ns_fs *fs);

/* ---- reported ---- */

int ns_kmalloc_nofs(struct ns_fs *fs)
{
	fs->buf = kmalloc(fs->len, GFP_NOFS); /* expect: gfp-nofs-scope */
	return fs->buf ? 0 : -ENOMEM;
}

int ns_kzalloc_noio(struct ns_fs *fs)
{
	fs->buf = kzalloc(fs->len, GFP_NOIO); /* expect: gfp-nofs-scope */
	return fs->buf ? 0 : -ENOMEM;
}

int ns_cache_nofs(struct kmem_cache *cache, struct ns_fs *fs)
{
	fs->buf = kmem_cache_alloc(cache, GFP_NOFS | __GFP_NOWARN); /* expect: gfp-nofs-scope */
	return fs->buf ? 0 : -ENOMEM;
}

int ns_vmalloc_nofs(struct ns_fs *fs)
{
	fs->buf = __vmalloc(fs->len, GFP_NOFS); /* expect: gfp-nofs-scope */
	return fs->buf ? 0 : -ENOMEM;
}

int ns_pages_noio(struct ns_fs *fs)
{
	fs->page = alloc_pages(GFP_NOIO, 0); /* expect: gfp-nofs-scope */
	return fs->page ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int ns_scope(struct ns_fs *fs)
{
	unsigned int flags = memalloc_nofs_save();

	fs->buf = kmalloc(fs->len, GFP_KERNEL);
	memalloc_nofs_restore(flags);
	return fs->buf ? 0 : -ENOMEM;
}

int ns_atomic(struct ns_fs *fs)
{
	fs->buf = kmalloc(fs->len, GFP_ATOMIC);
	return fs->buf ? 0 : -ENOMEM;
}

int ns_nowait(struct ns_fs *fs)
{
	fs->buf = kmalloc(fs->len, GFP_NOWAIT | __GFP_NOWARN);
	return fs->buf ? 0 : -ENOMEM;
}

int ns_caller_mask(struct ns_fs *fs, gfp_t gfp)
{
	fs->buf = kmalloc(fs->len, gfp & ~__GFP_FS);
	return fs->buf ? 0 : -ENOMEM;
}

void ns_free(struct ns_fs *fs)
{
	kvfree(fs->buf);
	if (fs->page)
		__free_pages(fs->page, 0);
}

MODULE_DESCRIPTION("gfpcheck test: gfp-nofs-scope");
MODULE_LICENSE("GPL");
