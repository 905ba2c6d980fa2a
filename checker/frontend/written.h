/* SPDX-License-Identifier: GPL-2.0 */
/* Calls as the source writes them at their expansion point (what a user
 * reads in messages), not what they expand to. */
#ifndef GFPCHECK_WRITTEN_H
#define GFPCHECK_WRITTEN_H

#include <clang-c/Index.h>
#include <stddef.h>

/* The text of a call as written: from the call's expansion point, the
 * callee (or the macro the call came from) and its balanced argument list,
 * so spin_lock_irqsave(&d->lock, flags) rather than what it expands to;
 * white space runs made one space, at most about max bytes. */
char *written_text(CXTranslationUnit tu, CXCursor c, size_t max);
/* Text of argument `idx` of a call written literally as callee(...) (not
 * through a macro), or NULL */
char *written_arg(CXTranslationUnit tu, CXCursor call, const char *callee,
		  int idx);

/* A call as the source spells it at its expansion point: the name before
 * the parenthesis and the text of each argument.  For a call written
 * through macros (6.10+: kcalloc(n, s, f) is kmalloc_array_noprof(n, s,
 * (f) | __GFP_ZERO) inside alloc_hooks()) this is what the user wrote. */
#define WRITTEN_MAX_ARGS 12

struct written_call {
	char *name;
	int nargs;
	char *args[WRITTEN_MAX_ARGS];
};

void written_call(CXTranslationUnit tu, CXCursor c, struct written_call *w);
void written_call_free(struct written_call *w);

#endif
