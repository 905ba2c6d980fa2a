// SPDX-License-Identifier: GPL-2.0
#include "git.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *command_output(const char *cmd, size_t *len)
{
	FILE *p = popen(cmd, "r");
	struct strbuf sb = { 0 };
	bool read_ok;

	if (!p)
		return NULL;
	read_ok = read_stream(p, &sb);
	if (pclose(p) != 0 || !read_ok) {
		sb_free(&sb);
		return NULL;
	}
	if (len)
		*len = sb.len;
	return sb.s ? sb_take(&sb) : xstrdup("");
}

char *shell_quote(const char *s)
{
	struct strbuf sb = { 0 };

	sb_add(&sb, "'");
	for (; *s; s++) {
		if (*s == '\'')
			sb_add(&sb, "'\\''");
		else
			sb_addn(&sb, s, 1);
	}
	sb_add(&sb, "'");
	return sb_take(&sb);
}

char *git_toplevel(void)
{
	char *out = command_output("git rev-parse --show-toplevel 2>/dev/null",
				   NULL);
	char real[PATH_MAX];

	if (out && strchr(out, '\n'))
		*strchr(out, '\n') = '\0';
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	/* the compile database names files by their real path */
	if (out && realpath(out, real)) {
		free(out);
		out = xstrdup(real);
	}
	return out;
}
