// SPDX-License-Identifier: GPL-2.0
#include "checks.h"
#include "local_checks.h"

#include <string.h>

#define CHECK(name) extern const struct check_def check_def_##name;
#include "check_list.h"
#undef CHECK

const struct check_def *const check_defs[] = {
#define CHECK(name) &check_def_##name,
#include "check_list.h"
#undef CHECK
};
const int check_count = sizeof(check_defs) / sizeof(check_defs[0]);

const struct check_def *check_find(const char *id)
{
	for (int i = 0; i < check_count; i++)
		if (strcmp(check_defs[i]->id, id) == 0)
			return check_defs[i];
	return NULL;
}

void checks_run_extract(struct local_ctx *lc)
{
	for (int i = 0; i < check_count; i++) {
		if (check_defs[i]->phase != CHECK_AT_EXTRACT)
			continue;
		lc->def = check_defs[i];
		check_defs[i]->extract(lc);
	}
	lc->def = NULL;
}
