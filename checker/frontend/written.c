// SPDX-License-Identifier: GPL-2.0
#include "written.h"
#include "ast.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool token_is(CXTranslationUnit tu, CXToken tok, const char *spelling)
{
	CXString t = clang_getTokenSpelling(tu, tok);
	bool yes = strcmp(clang_getCString(t), spelling) == 0;

	clang_disposeString(t);
	return yes;
}

/* Appends token t to the text of an expression as it is usually
 * written: a space between tokens, none after an opening bracket or a
 * unary `!` or `~`, none before a closing bracket or a comma, none around
 * `.` and `->` (`r->base.flags & F`, not `r -> base . flags & F`) */
static void add_token(struct strbuf *sb, const char *t)
{
	const char *prev = sb->len ? sb->s + sb->len - 1 : NULL;
	bool member = strcmp(t, ".") == 0 || strcmp(t, "->") == 0 ||
		      (prev && *prev == '.') ||
		      (sb->len >= 2 && strcmp(sb->s + sb->len - 2, "->") == 0);

	if (prev && !member && !strchr("([~!", *prev) && strcmp(t, ")") != 0 &&
	    strcmp(t, "]") != 0 && strcmp(t, ",") != 0)
		sb_add(sb, " ");
	sb_add(sb, t);
}

char *written_text(CXTranslationUnit tu, CXCursor c, size_t max)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	const CXToken *toks = NULL;
	unsigned n = 0, off, line, col, last_end = 0;
	size_t size = 0;
	struct strbuf sb = { 0 };
	const char *text;
	int depth = 0;
	CXFile file;

	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	text = file ? clang_getFileContents(tu, file, &size) : NULL;
	if (!text)
		return xstrdup("");
	tokens_from(tu, file, off, 400, &toks, &n);
	/* find where the balanced argument list ends; a second one right
	 * after it belongs to the same call (guard(spinlock)(&lock)) */
	for (unsigned i = 0; i < n; i++) {
		CXString t = clang_getTokenSpelling(tu, toks[i]);
		const char *ts = clang_getCString(t);
		bool stop = strcmp(ts, ";") == 0;

		if (strcmp(ts, "(") == 0)
			depth++;
		if (strcmp(ts, ")") == 0 && --depth <= 0)
			stop = !(i + 1 < n && token_is(tu, toks[i + 1], "("));
		if (!stop || strcmp(ts, ";") != 0)
			clang_getFileLocation(
				clang_getRangeEnd(
					clang_getTokenExtent(tu, toks[i])),
				NULL, NULL, NULL, &last_end);
		clang_disposeString(t);
		if (stop)
			break;
	}
	/* the text as written, with each run of white space and each
	 * comment made one space (the file's contents are not searched past
	 * the call: they need not end in a NUL) */
	for (size_t i = off; i < last_end && i < size && sb.len < max; i++) {
		bool block = text[i] == '/' && i + 1 < last_end &&
			     text[i + 1] == '*';
		bool line = text[i] == '/' && i + 1 < last_end &&
			    text[i + 1] == '/';

		if (block || line) {
			for (i += 2; i < last_end; i++)
				if (line ? text[i] == '\n' :
					   text[i] == '*' && i + 1 < last_end &&
						    text[i + 1] == '/')
					break;
			i += block; /* the comment's last character */
			if (sb.len && sb.s[sb.len - 1] != ' ')
				sb_add(&sb, " ");
			continue;
		}
		if (isspace((unsigned char)text[i])) {
			if (sb.len && sb.s[sb.len - 1] != ' ')
				sb_add(&sb, " ");
			continue;
		}
		sb_addn(&sb, text + i, 1);
	}
	return sb_take(&sb);
}

char *written_arg(CXTranslationUnit tu, CXCursor call, const char *callee,
		  int idx)
{
	CXToken *toks = NULL;
	unsigned n = 0;
	struct strbuf sb = { 0 };
	int depth = 0, arg = 0;
	char *first;

	clang_tokenize(tu, clang_getCursorExtent(call), &toks, &n);
	if (n < 3)
		goto out;
	first = cx_take(clang_getTokenSpelling(tu, toks[0]));
	if (strcmp(first, callee) != 0) {
		free(first);
		goto out; /* written through a macro: no literal argument */
	}
	free(first);
	for (unsigned i = 1; i < n; i++) {
		char *t;

		if (clang_getTokenKind(toks[i]) == CXToken_Comment)
			continue;
		t = cx_take(clang_getTokenSpelling(tu, toks[i]));
		if (strchr("([{", t[0]) && t[1] == '\0' && depth++ == 0) {
			free(t);
			continue;
		}
		if (strchr(")]}", t[0]) && t[1] == '\0' && --depth == 0) {
			free(t);
			break;
		}
		if (depth == 1 && strcmp(t, ",") == 0) {
			arg++;
			free(t);
			continue;
		}
		if (arg == idx)
			add_token(&sb, t);
		free(t);
	}
out:
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return sb.len ? sb_take(&sb) : NULL;
}

void written_call_free(struct written_call *w)
{
	free(w->name);
	for (int i = 0; i < w->nargs; i++)
		free(w->args[i]);
	memset(w, 0, sizeof(*w));
}

void written_call(CXTranslationUnit tu, CXCursor c, struct written_call *w)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	const CXToken *toks;
	unsigned n, off, line, col;
	struct strbuf arg = { 0 };
	int depth = 0;
	CXFile file;

	memset(w, 0, sizeof(*w));
	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	if (!file)
		return;
	tokens_from(tu, file, off, 400, &toks, &n);
	if (n < 2 || clang_getTokenKind(toks[0]) != CXToken_Identifier)
		goto out;
	w->name = cx_take(clang_getTokenSpelling(tu, toks[0]));
	for (unsigned i = 1; i < n; i++) {
		char *t;
		bool open, close;

		if (clang_getTokenKind(toks[i]) == CXToken_Comment)
			continue;
		t = cx_take(clang_getTokenSpelling(tu, toks[i]));
		open = strchr("([{", t[0]) && t[1] == '\0';
		close = strchr(")]}", t[0]) && t[1] == '\0';

		if (i == 1 && strcmp(t, "(") != 0) {
			free(t);
			break; /* not a call as written */
		}
		if (close && depth == 1) {
			if (arg.len && w->nargs < WRITTEN_MAX_ARGS)
				w->args[w->nargs++] = sb_take(&arg);
			free(t);
			break;
		}
		if (depth == 1 && strcmp(t, ",") == 0) {
			if (w->nargs < WRITTEN_MAX_ARGS)
				w->args[w->nargs++] = arg.len ? sb_take(&arg) :
								xstrdup("");
			free(t);
			continue;
		}
		if (!(open && depth == 0))
			add_token(&arg, t);
		depth += open - close;
		free(t);
		if (depth < 0)
			break;
	}
out:
	free(arg.s);
}
