// SPDX-License-Identifier: GPL-2.0
#include "ruleconf.h"
#include "checks.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum directive { RC_ENABLE, RC_DISABLE, RC_SEVERITY };

struct rc_entry {
	enum directive what;
	char *id; /* a rule id, or "all" for enable/disable */
	enum severity level; /* RC_SEVERITY */
};

enum { LAYER_FILE, LAYER_CLI, NLAYERS };

static VEC(struct rc_entry) layers[NLAYERS];
/* `rules FILE` lines of .gfpcheck: kernel-API rules files, absolute */
static VEC(char *) rules_files;

/* "gfp-*" matches every rule it names as a shell pattern would */
static bool rule_matches(const char *pattern, const char *id)
{
	return strcmp(pattern, "all") == 0 || fnmatch(pattern, id, 0) == 0;
}

/* a rule id, or a pattern that names at least one rule */
static bool known_rule(const char *id)
{
	if (!strpbrk(id, "*?["))
		return check_find(id) != NULL;
	for (int i = 0; i < check_count; i++)
		if (fnmatch(id, check_defs[i]->id, 0) == 0)
			return true;
	return false;
}

/* Adds one directive; on error writes the reason into err */
static int add(int layer, enum directive what, const char *id,
	       const char *level, char *err, size_t size)
{
	struct rc_entry e = { what, NULL, SEV_WARNING };

	if (!*id) {
		snprintf(err, size, "missing rule id");
		return -1;
	}
	if (!(what != RC_SEVERITY && strcmp(id, "all") == 0) &&
	    !known_rule(id)) {
		snprintf(err, size,
			 "unknown rule '%s' (see 'gfpcheck rules')%s", id,
			 strpbrk(id, "*?[") ? ": the pattern matches none" :
					      "");
		return -1;
	}
	if (what == RC_SEVERITY &&
	    !severity_parse(level ? level : "", &e.level)) {
		snprintf(
			err, size,
			"severity of %s must be error, warning or note, not '%s'",
			id, level ? level : "");
		return -1;
	}
	e.id = xstrdup(id);
	VEC_PUSH(layers[layer], e);
	return 0;
}

/* "a,b,c" for enable/disable; an empty item ("a,,b", ",") is an error */
static int add_list(int layer, enum directive what, const char *list, char *err,
		    size_t size)
{
	char *copy = xstrdup(list), *rest = copy;
	int ret = 0;

	while (rest && ret == 0) {
		char *id = strsep(&rest, ",");

		if (!*id) {
			snprintf(err, size, "an empty rule id in '%s'", list);
			ret = -1;
			break;
		}
		ret = add(layer, what, id, NULL, err, size);
	}
	free(copy);
	return ret;
}

int ruleconf_parse_arg(const char *arg)
{
	static const struct {
		const char *prefix;
		enum directive what;
	} opts[] = {
		{ "--enable=", RC_ENABLE },
		{ "--disable=", RC_DISABLE },
		{ "--severity=", RC_SEVERITY },
	};
	char err[160];

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		size_t n = strlen(opts[i].prefix);
		const char *v = arg + n;
		int ret;

		if (strncmp(arg, opts[i].prefix, n) != 0)
			continue;
		if (opts[i].what == RC_SEVERITY) {
			const char *colon = strchr(v, ':');
			char *id = xstrndup(v, colon ? (size_t)(colon - v) :
						       strlen(v));

			ret = add(LAYER_CLI, RC_SEVERITY, id,
				  colon ? colon + 1 : NULL, err, sizeof(err));
			free(id);
		} else {
			ret = add_list(LAYER_CLI, opts[i].what, v, err,
				       sizeof(err));
		}
		if (ret < 0)
			fprintf(stderr, "gfpcheck: %.*s: %s\n", (int)(n - 1),
				arg, err);
		return ret < 0 ? -1 : 1;
	}
	return 0;
}

/* `rules FILE`: FILE relative to the directory of the .gfpcheck naming it */
static int add_rules_file(const char *config, const char *file, char *err,
			  size_t size)
{
	const char *slash = strrchr(config, '/');
	char *path = file[0] == '/' || !slash ?
			     xstrdup(file) :
			     xasprintf("%.*s/%s", (int)(slash - config), config,
				       file);

	if (access(path, R_OK) != 0) {
		snprintf(err, size, "rules file %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	VEC_PUSH(rules_files, path);
	return 0;
}

/* One line of .gfpcheck: "<directive> ID [LEVEL]" or "rules FILE"; words
 * split in place */
static int parse_line(const char *config, char *line, char *err, size_t size)
{
	char *words[4], *save = NULL;
	int n = 0;
	char *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	for (char *w = strtok_r(line, " \t\r", &save); w;
	     w = strtok_r(NULL, " \t\r", &save)) {
		if (n == 4) {
			snprintf(err, size, "too many words");
			return -1;
		}
		words[n++] = w;
	}
	if (n == 0)
		return 0;
	if (strcmp(words[0], "rules") == 0) {
		if (n != 2) {
			snprintf(err, size, "expected 'rules FILE'");
			return -1;
		}
		return add_rules_file(config, words[1], err, size);
	}
	if (strcmp(words[0], "severity") == 0) {
		if (n != 3) {
			snprintf(err, size, "expected 'severity ID LEVEL'");
			return -1;
		}
		return add(LAYER_FILE, RC_SEVERITY, words[1], words[2], err,
			   size);
	}
	if ((strcmp(words[0], "enable") != 0 &&
	     strcmp(words[0], "disable") != 0) ||
	    n != 2) {
		snprintf(
			err, size,
			"expected 'enable ID', 'disable ID', 'severity ID LEVEL' or 'rules FILE'");
		return -1;
	}
	return add_list(LAYER_FILE, words[0][0] == 'e' ? RC_ENABLE : RC_DISABLE,
			words[1], err, size);
}

int ruleconf_load_file(const char *path)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	char err[160];
	int lineno = 0, ret = 0;

	if (!text) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "gfpcheck: cannot read %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	for (char *line = text, *next; line && ret == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		ret = parse_line(path, line, err, sizeof(err));
		if (ret < 0)
			fprintf(stderr, "gfpcheck: %s:%d: %s\n", path, lineno,
				err);
	}
	free(text);
	return ret < 0 ? -1 : 0;
}

/* The last enable/disable of a layer matching id: 1 enabled, 0 disabled, -1 none */
static int layer_enabled(int layer, const char *id)
{
	for (size_t i = layers[layer].n; i-- > 0;) {
		const struct rc_entry *e = &layers[layer].v[i];

		if (e->what == RC_SEVERITY)
			continue;
		if (rule_matches(e->id, id))
			return e->what == RC_ENABLE;
	}
	return -1;
}

bool ruleconf_enabled(const char *id)
{
	for (int layer = NLAYERS - 1; layer >= 0; layer--) {
		int v = layer_enabled(layer, id);

		if (v >= 0)
			return v;
	}
	return true;
}

enum severity ruleconf_severity(const char *id, enum severity dflt)
{
	for (int layer = NLAYERS - 1; layer >= 0; layer--) {
		for (size_t i = layers[layer].n; i-- > 0;) {
			const struct rc_entry *e = &layers[layer].v[i];

			if (e->what == RC_SEVERITY && rule_matches(e->id, id))
				return e->level;
		}
	}
	return dflt;
}

const char *const *ruleconf_rules_files(int *n)
{
	*n = (int)rules_files.n;
	return (const char *const *)rules_files.v;
}

void ruleconf_reset(void)
{
	for (size_t i = 0; i < rules_files.n; i++)
		free(rules_files.v[i]);
	VEC_FREE(rules_files);
	for (int layer = 0; layer < NLAYERS; layer++) {
		for (size_t i = 0; i < layers[layer].n; i++)
			free(layers[layer].v[i].id);
		VEC_FREE(layers[layer]);
	}
}
