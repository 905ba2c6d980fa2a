// SPDX-License-Identifier: GPL-2.0
#include "findings.h"

#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = {
	[SEV_NOTE] = "note",
	[SEV_WARNING] = "warning",
	[SEV_ERROR] = "error",
};

const char *severity_name(enum severity s)
{
	return severity_names[s];
}

bool severity_parse(const char *s, enum severity *out)
{
	for (int i = SEV_NOTE; i <= SEV_ERROR; i++)
		if (strcmp(s, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return true;
		}
	return false;
}

void finding_add_step(struct finding *f, const char *file, unsigned line,
		      const char *function, const char *note, int call)
{
	struct trace_step t = { xstrdup(file), line, xstrdup(function),
				xstrdup(note), call };

	VEC_PUSH(f->trace, t);
}

void finding_free(struct finding *f)
{
	for (size_t i = 0; i < f->trace.n; i++) {
		free(f->trace.v[i].file);
		free(f->trace.v[i].function);
		free(f->trace.v[i].note);
	}
	VEC_FREE(f->trace);
	free(f->file);
	free(f->function);
	free(f->message);
	free(f->flags);
	free(f->fingerprint);
	free(f->suppressed);
}

const char *note_path_end(const char *note, const char *p)
{
	if (*p != '/' || (p != note && p[-1] != ' ' && p[-1] != '('))
		return NULL;
	while (*p && *p != ' ' && *p != ')')
		p++;
	return p;
}
