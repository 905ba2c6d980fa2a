// SPDX-License-Identifier: GPL-2.0
#include "rules.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* name -> index, open addressing; names are owned by the ruleset's pool */

struct ruleset {
	VEC(struct lock_rule) locks;
	VEC(struct alloc_rule) allocs;
	VEC(struct free_rule) frees;
	VEC(struct gfp_flag_rule) flags;
	VEC(struct entry_rule) entries;
	VEC(struct drop_rule) drops;
	VEC(const char *)
	cleanup_types; /* pattern, destructor template: pairs */
	VEC(const char *) guard_tests; /* patterns with one * */
	VEC(const char *) lock_wrappers;
	VEC(const char *) cond_wrappers;
	VEC(const char *) same_values;
	VEC(const char *)
	alloc_suffixes; /* alloc-suffix: NAME<suffix> is NAME */
	VEC(const char *) families; /* family NAME: alloc/free family= values */
	VEC(struct named_rule) named;
	struct strmap named_ix; /* "directive name" -> index in named */
	VEC(char *) pool; /* every string the rules own */
	struct strmap lock_ix, alloc_ix,
		free_ix; /* name -> index: a later rules file overrides an earlier one */
	char *fingerprint;
	uint64_t hash;
};

struct parsed_line {
	const char *file;
	int lineno;
	char *directive;
	char *name;
	int nkv;
	char *keys[16];
	char *vals[16];
};

static const char *kv(const struct parsed_line *pl, const char *key)
{
	for (int i = 0; i < pl->nkv; i++)
		if (strcmp(pl->keys[i], key) == 0)
			return pl->vals[i];
	return NULL;
}

static int kv_int(const struct parsed_line *pl, const char *key, int def)
{
	const char *v = kv(pl, key);

	return v ? atoi(v) : def;
}

static bool kv_flag(const struct parsed_line *pl, const char *key)
{
	const char *v = kv(pl, key);

	return v && (strcmp(v, "yes") == 0 || strcmp(v, "1") == 0 ||
		     strcmp(v, "true") == 0);
}

static const struct {
	const char *name;
	unsigned bit;
} ctx_names[] = {
	{ "lock", CTX_LOCK },
	{ "irq", CTX_IRQ },
	{ "bh", CTX_BH },
	{ "preempt", CTX_PREEMPT },
	{ "rcu", CTX_RCU },
	{ "raw", CTX_RAW },
	{ "hardirq", CTX_HARDIRQ },
	{ "softirq", CTX_SOFTIRQ },
	{ "sleepable", CTX_SLEEPABLE },
};

static int parse_ctx(const char *s, unsigned *out)
{
	char *copy = xstrdup(s), *save = NULL;
	unsigned mask = 0;
	int ok = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(ctx_names) / sizeof(ctx_names[0]); i++)
			if (strcmp(tok, ctx_names[i].name) == 0)
				break;
		if (i == sizeof(ctx_names) / sizeof(ctx_names[0])) {
			ok = -1;
			break;
		}
		mask |= ctx_names[i].bit;
	}
	free(copy);
	*out = mask;
	return ok;
}

static char *keep(struct ruleset *rs, const char *s)
{
	char *d = s ? xstrdup(s) : NULL;

	if (d)
		VEC_PUSH(rs->pool, d);
	return d;
}

static int rule_error(const struct parsed_line *pl, const char *msg)
{
	fprintf(stderr, "gfpcheck: %s:%d: %s\n", pl->file, pl->lineno, msg);
	return -1;
}

/*
 * The keys each directive takes, and what their values are: "KEY:KIND ...".
 * Every directive also takes why= (the reason, for the reader).  A key not
 * listed, or a value not of its kind, is an error: a misspelt key would
 * otherwise be a rule that silently does nothing.  Context values (ctx=,
 * sees=) are checked where they are parsed.
 *   text     anything
 *   index    an argument index or count: digits
 *   indexes  indexes separated by commas
 *   bool     yes, no, true, false, 1 or 0
 *   family   declared by a `family` line before
 *   errptr   the word errptr
 */
static const struct directive_keys {
	const char *directive;
	const char *keys;
} directive_keys[] = {
	{ "acquire", "ctx:text lockarg:index what:text" },
	{ "release", "ctx:text lockarg:index what:text" },
	{ "trylock", "ctx:text lockarg:index what:text" },
	{ "lock-wrapper", "" },
	{ "cond-wrapper", "" },
	{ "same-value", "" },
	{ "alloc-suffix", "" },
	{ "drop-arg", "value:bool" },
	{ "cleanup-type", "destructor:text test:text" },
	{ "family", "" },
	{ "alloc",
	  "family:family gfp:index size:index order:index count:index sleeps:bool "
	  "canfail:bool returns:errptr vaddr:bool as:text" },
	{ "free", "family:family arg:index" },
	{ "flag", "sleeps:bool" },
	{ "mask", "sleeps:bool" },
	{ "register", "ctx:text arg:index" },
	{ "field", "ctx:text" },
	{ "const", "enum:bool" },
	{ "derefs", "arg:indexes" },
	{ "nullcheck", "arg:index" },
	{ "noreturn", "" },
	{ "ctxtest", "sees:text" },
	{ "zeroed", "use:text" },
	{ "fill", "ptr:index value:index size:index" },
	{ "gfp-nosleep", "" },
	{ "noreclaim", "" },
	{ "raw-lock-type", "" },
	{ "fatal", "" },
	{ "indirect-fanout", "max:index" },
	{ "chain", "" },
	{ "chain-type", "" },
	{ "chain-register", "head:index entry:index field:text" },
	{ "chain-call", "head:index field:text ctx:text passes:index" },
	{ "chain-head", "field:text ctx:text since:text" },
	{ "chain-head-alloc",
	  "field:text ctx:text since:text flags:index names:text" },
	{ "probe-header", "" },
	{ "rt-hard",
	  "fn:index flags:index object:index field:text names:text" },
	{ "entry-mode",
	  "fn:index flags:index object:index field:text names:text ctx:text" },
	{ "gfp-contract", "" },
	{ "sleeps", "" },
	{ "unexpected", "" },
	{ "may-sleep-flag", "when:text" },
	{ "addressable", "" },
	{ "invariant", "calls:text" },
};

static bool all_digits(const char *s, bool commas)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9') &&
		    !(commas && *s == ',' && s[1] && s[1] != ','))
			return false;
	return true;
}

static bool declared_family(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->families.n; i++)
		if (strcmp(rs->families.v[i], name) == 0)
			return true;
	return false;
}

/* The kind of key in "KEY:KIND ..." keys, or NULL when it is not there;
 * the kind is copied into kind. */
static bool key_kind(const char *keys, const char *key, char *kind, size_t size)
{
	size_t n = strlen(key);

	for (const char *p = keys; *p;) {
		const char *colon = strchr(p, ':'), *end = strchr(p, ' ');
		size_t klen;

		if (!end)
			end = p + strlen(p);
		klen = (size_t)(end - colon - 1);
		if ((size_t)(colon - p) == n && strncmp(p, key, n) == 0 &&
		    klen < size) {
			memcpy(kind, colon + 1, klen);
			kind[klen] = '\0';
			return true;
		}
		p = *end ? end + 1 : end;
	}
	return false;
}

static int check_keys(const struct ruleset *rs, const struct parsed_line *pl)
{
	const struct directive_keys *dk = NULL;
	char msg[512], kind[16];

	for (size_t i = 0;
	     i < sizeof(directive_keys) / sizeof(directive_keys[0]); i++)
		if (strcmp(directive_keys[i].directive, pl->directive) == 0)
			dk = &directive_keys[i];
	if (!dk)
		return rule_error(pl, "unknown directive");
	for (int i = 0; i < pl->nkv; i++) {
		const char *key = pl->keys[i], *v = pl->vals[i];
		bool ok;

		if (strcmp(key, "why") == 0)
			continue;
		if (!key_kind(dk->keys, key, kind, sizeof(kind))) {
			struct strbuf takes = { 0 };

			for (const char *p = dk->keys; *p;
			     p += strcspn(p, " "), p += *p == ' ')
				sb_addf(&takes, "%.*s=, ", (int)strcspn(p, ":"),
					p);
			snprintf(
				msg, sizeof(msg),
				"unknown key '%.64s' in a%s %s line (it takes %swhy=)",
				key,
				strchr("aeiou", dk->directive[0]) ? "n" : "",
				dk->directive, takes.len ? takes.s : "");
			free(takes.s);
			return rule_error(pl, msg);
		}
		if (strcmp(kind, "index") == 0)
			ok = all_digits(v, false);
		else if (strcmp(kind, "indexes") == 0)
			ok = all_digits(v, true);
		else if (strcmp(kind, "bool") == 0)
			ok = strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ||
			     strcmp(v, "true") == 0 ||
			     strcmp(v, "false") == 0 || strcmp(v, "1") == 0 ||
			     strcmp(v, "0") == 0;
		else if (strcmp(kind, "family") == 0)
			ok = declared_family(rs, v);
		else if (strcmp(kind, "errptr") == 0)
			ok = strcmp(v, "errptr") == 0;
		else
			ok = true;
		if (!ok) {
			if (strcmp(kind, "family") == 0)
				snprintf(
					msg, sizeof(msg),
					"unknown family '%.64s' (no 'family %.64s' line "
					"declares it)",
					v, v);
			else
				snprintf(msg, sizeof(msg),
					 "%s=%.64s: the value must be %s", key,
					 v,
					 strcmp(kind, "index") == 0 ?
						 "a number" :
					 strcmp(kind, "indexes") == 0 ?
						 "numbers separated by commas" :
					 strcmp(kind, "bool") == 0 ?
						 "yes or no" :
						 "errptr");
			return rule_error(pl, msg);
		}
	}
	return 0;
}

static int add_lock(struct ruleset *rs, const struct parsed_line *pl,
		    enum lock_action act)
{
	struct lock_rule r = { 0 };
	const char *ctx = kv(pl, "ctx");

	if (!ctx || parse_ctx(ctx, &r.ctx) < 0 || !r.ctx)
		return rule_error(
			pl,
			"lock rule needs ctx=lock|irq|bh|preempt|rcu[,...]");
	r.name = keep(rs, pl->name);
	r.action = act;
	r.lock_arg = kv_int(pl, "lockarg", -1);
	r.what =
		keep(rs, kv(pl, "what") ? kv(pl, "what") : ctx_describe(r.ctx));
	strmap_put(&rs->lock_ix, r.name, (int)rs->locks.n);
	VEC_PUSH(rs->locks, r);
	return 0;
}

static int add_alloc(struct ruleset *rs, const struct parsed_line *pl)
{
	struct alloc_rule r = { 0 };

	if (!kv(pl, "family"))
		return rule_error(pl, "alloc rule needs family=");
	r.name = keep(rs, pl->name);
	r.family = keep(rs, kv(pl, "family"));
	r.gfp_arg = kv_int(pl, "gfp", -1);
	r.size_arg = kv_int(pl, "size", -1);
	r.order_arg = kv_int(pl, "order", -1);
	r.count_arg = kv_int(pl, "count", -1);
	r.always_sleeps = kv_flag(pl, "sleeps");
	r.can_fail = !kv(pl, "canfail") || kv_flag(pl, "canfail");
	r.returns_errptr = kv(pl, "returns") &&
			   strcmp(kv(pl, "returns"), "errptr") == 0;
	r.virtual_address = kv_flag(pl, "vaddr");
	r.shown = kv(pl, "as") ? keep(rs, kv(pl, "as")) : r.name;
	strmap_put(&rs->alloc_ix, r.name, (int)rs->allocs.n);
	VEC_PUSH(rs->allocs, r);
	return 0;
}

static int add_free(struct ruleset *rs, const struct parsed_line *pl)
{
	struct free_rule r = { 0 };

	if (!kv(pl, "family"))
		return rule_error(pl, "free rule needs family=");
	r.name = keep(rs, pl->name);
	r.family = keep(rs, kv(pl, "family"));
	r.ptr_arg = kv_int(pl, "arg", 0);
	strmap_put(&rs->free_ix, r.name, (int)rs->frees.n);
	VEC_PUSH(rs->frees, r);
	return 0;
}

static int add_flag(struct ruleset *rs, const struct parsed_line *pl,
		    bool is_mask)
{
	struct gfp_flag_rule r = { 0 };

	r.name = keep(rs, pl->name);
	r.sleeps = kv_flag(pl, "sleeps");
	r.is_mask = is_mask;
	VEC_PUSH(rs->flags, r);
	return 0;
}

static int add_entry(struct ruleset *rs, const struct parsed_line *pl,
		     bool is_field)
{
	struct entry_rule r = { 0 };
	const char *ctx = kv(pl, "ctx");

	if (!ctx || parse_ctx(ctx, &r.ctx) < 0 || !r.ctx)
		return rule_error(
			pl, "entry rule needs ctx=hardirq|softirq|sleepable");
	if (is_field && !strchr(pl->name, '.'))
		return rule_error(pl,
				  "field rule name must be struct_name.field");
	r.name = keep(rs, pl->name);
	r.fn_arg = kv_int(pl, "arg", -1);
	if (!is_field && r.fn_arg < 0)
		return rule_error(pl, "register rule needs arg=N");
	r.is_field = is_field;
	r.why = keep(rs, kv(pl, "why"));
	VEC_PUSH(rs->entries, r);
	return 0;
}

static int add_const(struct ruleset *rs, const struct parsed_line *pl)
{
	struct gfp_flag_rule r = { 0 };

	r.name = keep(rs, pl->name);
	r.is_const = true;
	/* an enum constant (HRTIMER_MODE_HARD) cannot be tested with #ifdef */
	r.is_enum = kv_flag(pl, "enum");
	VEC_PUSH(rs->flags, r);
	return 0;
}

static const char *const named_directives[] = {
	"derefs",      "nullcheck",	   "noreturn",
	"ctxtest",     "zeroed",	   "fill",
	"gfp-nosleep", "noreclaim",	   "raw-lock-type",
	"fatal",       "indirect-fanout",  "chain",
	"chain-type",  "chain-register",   "chain-call",
	"chain-head",  "chain-head-alloc", "probe-header",
	"rt-hard",     "entry-mode",	   "gfp-contract",
	"sleeps",      "unexpected",	   "may-sleep-flag",
	"addressable", "invariant",	   NULL,
};

static bool is_named_directive(const char *d)
{
	for (int i = 0; named_directives[i]; i++)
		if (strcmp(named_directives[i], d) == 0)
			return true;
	return false;
}

static int add_named(struct ruleset *rs, const struct parsed_line *pl)
{
	struct named_rule r = { 0 };
	char *key;
	unsigned bits;

	if (kv(pl, "sees") && parse_ctx(kv(pl, "sees"), &bits) < 0)
		return rule_error(pl, "unknown context kind in sees=");
	if (kv(pl, "ctx") && strcmp(kv(pl, "ctx"), "none") != 0 &&
	    parse_ctx(kv(pl, "ctx"), &bits) < 0)
		return rule_error(pl, "unknown context kind in ctx=");
	if (strcmp(pl->directive, "may-sleep-flag") == 0 &&
	    (!kv(pl, "when") || (strcmp(kv(pl, "when"), "set") != 0 &&
				 strcmp(kv(pl, "when"), "clear") != 0)))
		return rule_error(pl, "may-sleep-flag needs when=set or "
				      "when=clear");
	if ((strcmp(pl->directive, "chain-register") == 0 ||
	     strcmp(pl->directive, "chain-call") == 0 ||
	     strcmp(pl->directive, "chain-head") == 0 ||
	     strcmp(pl->directive, "chain-head-alloc") == 0) &&
	    !kv(pl, "field"))
		return rule_error(pl, "chain rule needs field=STRUCT.FIELD");
	if (strcmp(pl->directive, "invariant") == 0 && !kv(pl, "calls"))
		return rule_error(pl, "invariant needs calls=CALLEE[,CALLEE]");
	key = xasprintf("%s %s", pl->directive, pl->name);

	VEC_PUSH(rs->pool, key);
	r.directive = keep(rs, pl->directive);
	r.name = keep(rs, pl->name);
	for (int i = 0; i < pl->nkv && i < 8; i++) {
		r.keys[i] = keep(rs, pl->keys[i]);
		r.vals[i] = keep(rs, pl->vals[i]);
		r.nkv++;
	}
	strmap_put(&rs->named_ix, key, (int)rs->named.n);
	VEC_PUSH(rs->named, r);
	return 0;
}

static int apply_line(struct ruleset *rs, const struct parsed_line *pl)
{
	const char *d = pl->directive;

	if (check_keys(rs, pl) < 0)
		return -1;
	if (strcmp(d, "family") == 0) {
		VEC_PUSH(rs->families, keep(rs, pl->name));
		return 0;
	}
	if (strcmp(d, "acquire") == 0)
		return add_lock(rs, pl, LOCK_ACQUIRE);
	if (strcmp(d, "release") == 0)
		return add_lock(rs, pl, LOCK_RELEASE);
	if (strcmp(d, "trylock") == 0)
		return add_lock(rs, pl, LOCK_TRY);
	if (strcmp(d, "lock-wrapper") == 0) {
		VEC_PUSH(rs->lock_wrappers, keep(rs, pl->name));
		return 0;
	}
	if (strcmp(d, "cond-wrapper") == 0) {
		VEC_PUSH(rs->cond_wrappers, keep(rs, pl->name));
		return 0;
	}
	if (strcmp(d, "same-value") == 0) {
		VEC_PUSH(rs->same_values, keep(rs, pl->name));
		return 0;
	}
	if (strcmp(d, "alloc-suffix") == 0) {
		VEC_PUSH(rs->alloc_suffixes, keep(rs, pl->name));
		return 0;
	}
	if (strcmp(d, "drop-arg") == 0) {
		struct drop_rule r = { keep(rs, pl->name),
				       kv_flag(pl, "value") };

		VEC_PUSH(rs->drops, r);
		return 0;
	}
	if (strcmp(d, "cleanup-type") == 0) {
		if (!kv(pl, "destructor") || !strchr(pl->name, '*') ||
		    !strchr(kv(pl, "destructor"), '*'))
			return rule_error(
				pl,
				"cleanup-type needs a PATTERN with one * and destructor=NAME with one *");
		VEC_PUSH(rs->cleanup_types, keep(rs, pl->name));
		VEC_PUSH(rs->cleanup_types, keep(rs, kv(pl, "destructor")));
		if (kv(pl, "test") && !strchr(kv(pl, "test"), '*'))
			return rule_error(pl,
					  "cleanup-type test=NAME needs one *");
		if (kv(pl, "test"))
			VEC_PUSH(rs->guard_tests, keep(rs, kv(pl, "test")));
		return 0;
	}
	if (strcmp(d, "alloc") == 0)
		return add_alloc(rs, pl);
	if (strcmp(d, "free") == 0)
		return add_free(rs, pl);
	if (strcmp(d, "flag") == 0)
		return add_flag(rs, pl, false);
	if (strcmp(d, "mask") == 0)
		return add_flag(rs, pl, true);
	if (strcmp(d, "register") == 0)
		return add_entry(rs, pl, false);
	if (strcmp(d, "field") == 0)
		return add_entry(rs, pl, true);
	if (strcmp(d, "const") == 0)
		return add_const(rs, pl);
	if (is_named_directive(d))
		return add_named(rs, pl);
	return rule_error(pl, "unknown directive");
}

/* Splits one line into words; a value may be "double quoted". */
static int split_line(char *line, struct parsed_line *pl)
{
	char *words[20];
	int n = 0;
	char *p = line;

	while (*p && n < 20) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"') {
				memmove(p, p + 1, strlen(p));
				while (*p && *p != '"')
					p++;
				if (*p == '"')
					memmove(p, p + 1, strlen(p));
				continue;
			}
			p++;
		}
		if (*p)
			*p++ = '\0';
	}
	if (n == 0)
		return 0;
	if (n < 2)
		return rule_error(
			pl, "expected '<directive> <name> [key=value ...]'");
	pl->directive = words[0];
	pl->name = words[1];
	pl->nkv = 0;
	for (int i = 2; i < n && pl->nkv < 16; i++) {
		char *eq = strchr(words[i], '=');

		if (!eq)
			return rule_error(pl, "expected key=value");
		*eq = '\0';
		pl->keys[pl->nkv] = words[i];
		pl->vals[pl->nkv++] = eq + 1;
	}
	return 1;
}

static int load_file(struct ruleset *rs, const char *path)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	char *save = NULL;
	struct parsed_line pl = { .file = path };
	int ret = 0;

	if (!text) {
		fprintf(stderr, "gfpcheck: cannot read rules file %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	rs->hash = hash_bytes(text, len, rs->hash);
	/* strtok_r would merge empty lines and break line numbers */
	for (char *line = text, *next; line && ret == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		pl.lineno++;
		ret = split_line(line, &pl);
		if (ret > 0)
			ret = apply_line(rs, &pl);
	}
	(void)save;
	free(text);
	return ret < 0 ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(struct ruleset *rs, const char *dir)
{
	DIR *d = opendir(dir);
	VEC(char *) names = { 0 };
	struct dirent *de;
	int ret = 0;

	if (!d) {
		fprintf(stderr,
			"gfpcheck: cannot open rules directory %s: %s (install with 'make install"
			" PREFIX=DIR', or name the rules with --rules-dir DIR or GFPCHECK_RULES)\n",
			dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n > 6 && strcmp(de->d_name + n - 6, ".rules") == 0)
			VEC_PUSH(names, xasprintf("%s/%s", dir, de->d_name));
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(char *), cmp_str);
	else
		fprintf(stderr, "gfpcheck: warning: no *.rules files in %s\n",
			dir);
	for (size_t i = 0; i < names.n; i++) {
		if (ret == 0)
			ret = load_file(rs, names.v[i]);
		free(names.v[i]);
	}
	VEC_FREE(names);
	return ret;
}

struct ruleset *rules_load(const char *dir, const char *const *extra,
			   int nextra)
{
	struct ruleset *rs = xcalloc(1, sizeof(*rs));

	if (dir && load_dir(rs, dir) < 0)
		goto fail;
	for (int i = 0; i < nextra; i++)
		if (load_file(rs, extra[i]) < 0)
			goto fail;
	rs->fingerprint = hex64(rs->hash);
	return rs;
fail:
	rules_free(rs);
	return NULL;
}

void rules_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->pool.n; i++)
		free(rs->pool.v[i]);
	VEC_FREE(rs->pool);
	VEC_FREE(rs->locks);
	VEC_FREE(rs->allocs);
	VEC_FREE(rs->frees);
	VEC_FREE(rs->flags);
	VEC_FREE(rs->entries);
	VEC_FREE(rs->drops);
	VEC_FREE(rs->cleanup_types);
	VEC_FREE(rs->guard_tests);
	VEC_FREE(rs->lock_wrappers);
	VEC_FREE(rs->cond_wrappers);
	VEC_FREE(rs->same_values);
	VEC_FREE(rs->alloc_suffixes);
	VEC_FREE(rs->families);
	VEC_FREE(rs->named);
	strmap_free(&rs->named_ix);
	strmap_free(&rs->lock_ix);
	strmap_free(&rs->alloc_ix);
	strmap_free(&rs->free_ix);
	free(rs->fingerprint);
	free(rs);
}

const struct lock_rule *rules_lock(const struct ruleset *rs, const char *name)
{
	int i = (int)strmap_get(&rs->lock_ix, name, -1);

	return i < 0 ? NULL : &rs->locks.v[i];
}

/* An allocator by its own name, else by the name it has under one of the
 * alloc-suffix spellings (kmalloc_noprof() is kmalloc() since 6.10). */
const struct alloc_rule *rules_alloc(const struct ruleset *rs, const char *name)
{
	int i = (int)strmap_get(&rs->alloc_ix, name, -1);
	size_t len = strlen(name);

	for (size_t k = 0; i < 0 && k < rs->alloc_suffixes.n; k++) {
		const char *suffix = rs->alloc_suffixes.v[k];
		size_t sl = strlen(suffix);
		char base[256];

		if (len <= sl || len - sl >= sizeof(base) ||
		    strcmp(name + len - sl, suffix) != 0)
			continue;
		memcpy(base, name, len - sl);
		base[len - sl] = '\0';
		i = (int)strmap_get(&rs->alloc_ix, base, -1);
	}
	return i < 0 ? NULL : &rs->allocs.v[i];
}

const struct free_rule *rules_free_fn(const struct ruleset *rs,
				      const char *name)
{
	int i = (int)strmap_get(&rs->free_ix, name, -1);

	return i < 0 ? NULL : &rs->frees.v[i];
}

static bool in_list(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

bool rules_is_lock_wrapper(const struct ruleset *rs, const char *name)
{
	return in_list(rs->lock_wrappers.v, rs->lock_wrappers.n, name);
}

bool rules_is_cond_wrapper(const struct ruleset *rs, const char *name)
{
	return in_list(rs->cond_wrappers.v, rs->cond_wrappers.n, name);
}

bool rules_is_same_value(const struct ruleset *rs, const char *name)
{
	return in_list(rs->same_values.v, rs->same_values.n, name);
}

int rules_gfp_flags(const struct ruleset *rs, const struct gfp_flag_rule **out)
{
	*out = rs->flags.v;
	return (int)rs->flags.n;
}

int rules_drop_args(const struct ruleset *rs, const struct drop_rule **out)
{
	*out = rs->drops.v;
	return (int)rs->drops.n;
}

/* "class_*_t" matched against "class_spinlock_irq_t" gives "spinlock_irq",
 * which replaces the * of "class_*_destructor". */
bool rules_cleanup_for_type(const struct ruleset *rs, const char *type,
			    char *out, size_t size)
{
	for (size_t i = 0; i + 1 < rs->cleanup_types.n; i += 2) {
		const char *pat = rs->cleanup_types.v[i],
			   *star = strchr(pat, '*');
		const char *tmpl = rs->cleanup_types.v[i + 1],
			   *tstar = strchr(tmpl, '*');
		size_t pre = (size_t)(star - pat), post = strlen(star + 1),
		       n = strlen(type);

		if (n <= pre + post || strncmp(type, pat, pre) != 0 ||
		    strcmp(type + n - post, star + 1) != 0)
			continue;
		snprintf(out, size, "%.*s%.*s%s", (int)(tstar - tmpl), tmpl,
			 (int)(n - pre - post), type + pre, tstar + 1);
		return true;
	}
	return false;
}

bool rules_is_guard_test(const struct ruleset *rs, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < rs->guard_tests.n; i++) {
		const char *pat = rs->guard_tests.v[i],
			   *star = strchr(pat, '*');
		size_t pre = (size_t)(star - pat), post = strlen(star + 1);

		if (n > pre + post && strncmp(name, pat, pre) == 0 &&
		    strcmp(name + n - post, star + 1) == 0)
			return true;
	}
	return false;
}

int rules_entries(const struct ruleset *rs, const struct entry_rule **out)
{
	*out = rs->entries.v;
	return (int)rs->entries.n;
}

const struct entry_rule *rules_entry_call(const struct ruleset *rs,
					  const char *fn, int idx)
{
	for (size_t i = 0; i < rs->entries.n; i++) {
		const struct entry_rule *e = &rs->entries.v[i];

		if (!e->is_field && e->fn_arg == idx &&
		    strcmp(e->name, fn) == 0)
			return e;
	}
	return NULL;
}

const struct named_rule *rules_named(const struct ruleset *rs,
				     const char *directive, const char *name)
{
	char key[256];
	int i;

	if (snprintf(key, sizeof(key), "%s %s", directive, name) >=
	    (int)sizeof(key))
		return NULL;
	i = (int)strmap_get(&rs->named_ix, key, -1);
	return i < 0 ? NULL : &rs->named.v[i];
}

int rules_named_all(const struct ruleset *rs, const char *directive,
		    const struct named_rule **out, int max)
{
	int n = 0;

	for (size_t i = 0; i < rs->named.n; i++) {
		const struct named_rule *r = &rs->named.v[i];

		/* skip lines a later one for the same name overrides */
		if (strcmp(r->directive, directive) != 0 ||
		    rules_named(rs, directive, r->name) != r)
			continue;
		if (n < max)
			out[n] = r;
		n++;
	}
	return n;
}

unsigned named_ctx(const struct named_rule *r, const char *key)
{
	const char *v = named_get(r, key);
	unsigned bits = 0;

	if (v && strcmp(v, "none") != 0)
		parse_ctx(v, &bits);
	return bits;
}

unsigned rules_ctxtest_sees(const struct ruleset *rs, const char *name)
{
	const char *sees = named_get(rules_named(rs, "ctxtest", name), "sees");
	unsigned bits = 0;

	if (sees)
		parse_ctx(sees, &bits);
	return bits;
}

const char *named_get(const struct named_rule *r, const char *key)
{
	for (int i = 0; r && i < r->nkv; i++)
		if (strcmp(r->keys[i], key) == 0)
			return r->vals[i];
	return NULL;
}

int named_int(const struct named_rule *r, const char *key, int dflt)
{
	const char *v = named_get(r, key);

	return v ? atoi(v) : dflt;
}

bool named_has_int(const struct named_rule *r, const char *key, int idx)
{
	const char *v = named_get(r, key);

	while (v && *v) {
		char *end;
		long n = strtol(v, &end, 10);

		if (end == v)
			return false;
		if (n == idx)
			return true;
		v = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	return false;
}

bool named_has_name(const struct named_rule *r, const char *key,
		    const char *name)
{
	const char *v = named_get(r, key);
	size_t n = strlen(name);

	while (v && *v) {
		const char *end = strchr(v, ',');
		size_t len = end ? (size_t)(end - v) : strlen(v);

		if (len == n && strncmp(v, name, n) == 0)
			return true;
		v = end ? end + 1 : NULL;
	}
	return false;
}

char *rules_default_dir(void)
{
	const char *env = getenv("GFPCHECK_RULES");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (env && *env)
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return xstrdup("rules");
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	/* build/gfpcheck and build/asan/gfpcheck find the source tree's rules/;
	 * an installed bin/gfpcheck finds ../share/gfpcheck/rules */
	{
		static const char *const tries[] = {
			"../rules", "../../rules", "../share/gfpcheck/rules"
		};

		for (size_t i = 0; i < sizeof(tries) / sizeof(*tries); i++) {
			char *dir = xasprintf("%s/%s", exe, tries[i]);

			if (access(dir, R_OK) == 0)
				return dir;
			free(dir);
		}
#ifdef GFPCHECK_SOURCE_RULES
		/* a copy of the binary anywhere: the source tree it was built in */
		if (access(GFPCHECK_SOURCE_RULES, R_OK) == 0)
			return xstrdup(GFPCHECK_SOURCE_RULES);
#endif
		return xasprintf("%s/../share/gfpcheck/rules", exe);
	}
}

const char *rules_fingerprint(const struct ruleset *rs)
{
	return rs->fingerprint;
}

const char *ctx_describe(unsigned ctx)
{
	if (ctx & CTX_HARDIRQ)
		return "hard-IRQ context";
	if (ctx & CTX_SOFTIRQ)
		return "softirq context";
	if (ctx & CTX_LOCK)
		return "spinlock held";
	if (ctx & CTX_IRQ)
		return "IRQs disabled";
	if (ctx & CTX_BH)
		return "bottom halves disabled";
	if (ctx & CTX_PREEMPT)
		return "preemption disabled";
	if (ctx & CTX_RCU)
		return "RCU read-side critical section";
	if (ctx & CTX_RAW)
		return "strict non-preemptive context";
	if (ctx & CTX_SLEEPABLE)
		return "process context";
	return "no atomic context";
}
