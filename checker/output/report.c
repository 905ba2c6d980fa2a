// SPDX-License-Identifier: GPL-2.0
#include "report.h"
#include "checks.h"
#include "ruleconf.h"
#include "util.h"
#include "version.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct stored_finding {
	struct finding f;
	int64_t id;
	char *suppressed; /* the reason of an inline suppression, or NULL */
};

struct stored_findings {
	struct stored_finding *v;
	size_t n, cap;
};

static const struct {
	const char *name;
	enum report_format fmt;
} formats[] = {
	{ "text", FMT_TEXT },	  { "json", FMT_JSON },
	{ "sarif", FMT_SARIF },	  { "github", FMT_GITHUB },
	{ "gitlab", FMT_GITLAB },
};

int report_format_parse(const char *name, enum report_format *out)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		if (strcmp(formats[i].name, name) == 0) {
			*out = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

static bool wanted(const struct report_opts *o, const char *file, unsigned line)
{
	if (o->only_line > 0 && (int)line != o->only_line)
		return false;
	if (o->npaths == 0)
		return true;
	for (int i = 0; i < o->npaths; i++)
		if (strcmp(file, o->paths[i]) == 0 ||
		    path_under(file, o->paths[i]))
			return true;
	return false;
}

static bool trace_wanted(const struct report_opts *o, const struct finding *f)
{
	for (size_t i = 0; i < f->trace.n; i++)
		if (wanted(o, f->trace.v[i].file, f->trace.v[i].line))
			return true;
	return false;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static void load_trace(sqlite3 *db, struct stored_finding *sf)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(
		db,
		"SELECT files.path, t.line, t.function, t.note FROM trace t"
		" JOIN files ON files.id = t.file_id WHERE t.finding_id = ?1 ORDER BY t.seq",
		-1, &st, NULL);
	sqlite3_bind_int64(st, 1, sf->id);
	while (sqlite3_step(st) == SQLITE_ROW)
		finding_add_step(&sf->f,
				 (const char *)sqlite3_column_text(st, 0),
				 (unsigned)sqlite3_column_int(st, 1),
				 (const char *)sqlite3_column_text(st, 2),
				 (const char *)sqlite3_column_text(st, 3), -1);
	sqlite3_finalize(st);
}

static enum fail_on severity_level(enum severity severity)
{
	static const enum fail_on levels[] = {
		[SEV_NOTE] = FAIL_ON_NOTE,
		[SEV_WARNING] = FAIL_ON_WARNING,
		[SEV_ERROR] = FAIL_ON_ERROR,
	};

	return levels[severity];
}

static bool fails(const struct report_opts *o, enum severity severity)
{
	enum fail_on least = o->fail_on == FAIL_ON_DEFAULT ? FAIL_ON_WARNING :
							     o->fail_on;

	return severity_level(severity) >= least;
}

int fail_on_parse(const char *s, enum fail_on *out)
{
	static const char *const names[] = { [FAIL_ON_NOTE] = "note",
					     [FAIL_ON_WARNING] = "warning",
					     [FAIL_ON_ERROR] = "error",
					     [FAIL_ON_NEVER] = "never" };

	for (int i = FAIL_ON_NOTE; i <= FAIL_ON_NEVER; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum fail_on)i;
			return 0;
		}
	return -1;
}

int report_status(int n, const struct report_opts *o)
{
	if (n < 0)
		return 2;
	if (o->counts)
		return o->counts->failing > 0;
	return n > 0;
}

/* Findings are loaded ordered by file, so rules come in any order; the
 * summary lists them sorted. */
static void count_rule(struct report_counts *c, const char *rule)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < c->nrules; i++)
		if (c->by_rule[i].rule == rule)
			break;
	if (i == c->nrules) {
		if (c->nrules == REPORT_MAX_RULES)
			return;
		for (i = c->nrules++;
		     i > 0 && strcmp(c->by_rule[i - 1].rule, rule) > 0; i--)
			c->by_rule[i] = c->by_rule[i - 1];
		c->by_rule[i].rule = rule;
		c->by_rule[i].n = 0;
	}
	c->by_rule[i].n++;
}

static int load(struct store *s, const struct report_opts *o,
		struct stored_findings *out)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(
		    db,
		    "SELECT f.id, f.rule, f.severity, files.path, f.line, f.col,"
		    " f.function, f.message, f.flags, f.fingerprint, f.suppressed FROM findings f"
		    " JOIN files ON files.id = f.file_id ORDER BY files.path, f.line, f.col, f.rule",
		    -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct stored_finding sf = { .id = sqlite3_column_int64(st,
									0) };
		const char *rule = (const char *)sqlite3_column_text(st, 1);
		const char *severity = (const char *)sqlite3_column_text(st, 2);
		const struct check_def *def = check_find(rule ? rule : "");
		const char *file = (const char *)sqlite3_column_text(st, 3);
		unsigned line = (unsigned)sqlite3_column_int(st, 4);
		/* explain FILE:LINE also finds a chain through that line */
		bool here = wanted(o, file, line);

		/* a database of another version of gfpcheck, or edited */
		if (!def || !severity ||
		    !severity_parse(severity, &sf.f.severity)) {
			if (!def)
				fprintf(stderr,
					"gfpcheck: the database holds a finding of an unknown rule "
					"'%s' (see 'gfpcheck rules'): scan it again with this gfpcheck\n",
					rule ? rule : "");
			else
				fprintf(stderr,
					"gfpcheck: the database holds a finding of %s with an "
					"unknown severity '%s': scan it again with this gfpcheck\n",
					def->id, severity ? severity : "");
			sqlite3_finalize(st);
			return -1;
		}
		if (!here && o->only_line <= 0)
			continue;
		/* rules are configured at report time: the stored facts and
		 * findings stay valid whatever is enabled */
		if (!ruleconf_enabled(def->id))
			continue;
		if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
			if (o->counts)
				o->counts->suppressed++;
			/* kept, marked: SARIF shows them to code scanning */
			sf.suppressed = col_dup(st, 10);
		}
		if (o->baseline && sqlite3_column_text(st, 9) &&
		    strset_has(o->baseline,
			       (const char *)sqlite3_column_text(st, 9))) {
			if (o->counts)
				o->counts->baselined++;
			continue;
		}
		sf.f.rule = def->id;
		sf.f.severity = ruleconf_severity(sf.f.rule, sf.f.severity);
		sf.f.file = xstrdup(file);
		sf.f.line = line;
		sf.f.col = (unsigned)sqlite3_column_int(st, 5);
		sf.f.function = col_dup(st, 6);
		sf.f.message = col_dup(st, 7);
		sf.f.flags = col_dup(st, 8);
		sf.f.fingerprint = col_dup(st, 9);
		load_trace(db, &sf);
		if ((!here && !trace_wanted(o, &sf.f)) ||
		    (o->keep && !o->keep(o->keep_ctx, &sf.f))) {
			finding_free(&sf.f);
			free(sf.suppressed);
			continue;
		}
		if (!sf.suppressed) {
			count_rule(o->counts, sf.f.rule);
			if (o->counts && fails(o, sf.f.severity))
				o->counts->failing++;
		}
		VEC_PUSH(*out, sf);
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- text ---- */

/*
 * A note as shown: the absolute paths in it (an ops table's "initializer
 * in /tree/drivers/x.c") relative as the finding's own files are, below
 * the --root for `root`, else to the working directory.  The stored note
 * keeps the absolute path; the fingerprint ignores paths in notes.
 */
static char *note_shown(const char *note, const char *root)
{
	struct strbuf sb = { 0 };
	const char *p = note;

	while (*p) {
		const char *end = note_path_end(note, p);

		if (end) {
			const char *under;
			char *path, *rel;

			path = xstrndup(p, (size_t)(end - p));
			under = root && *root ? path_under(path, root) : NULL;
			rel = under ? xstrdup(under) :
				      path_relative_to_cwd(path);
			sb_add(&sb, rel);
			free(rel);
			free(path);
			p = end;
			continue;
		}
		sb_addn(&sb, p++, 1);
	}
	return sb.len ? sb_take(&sb) : xstrdup("");
}

static void print_text(const struct finding *f, FILE *out)
{
	char *rel = path_relative_to_cwd(f->file);

	fprintf(out, "%s:%u:%u: %s: %s [%s]\n", rel, f->line, f->col,
		severity_name(f->severity), f->message, f->rule);
	free(rel);
	for (size_t i = 0; i < f->trace.n; i++) {
		char *note = note_shown(f->trace.v[i].note, NULL);

		rel = path_relative_to_cwd(f->trace.v[i].file);
		fprintf(out, "%s:%u: note: %s (in %s)\n", rel,
			f->trace.v[i].line, note, f->trace.v[i].function);
		free(rel);
		free(note);
	}
}

/* ---- JSON ---- */

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *json_finding(const struct finding *f)
{
	json_object *o = json_object_new_object(),
		    *trace = json_object_new_array();
	char *rel = path_relative_to_cwd(f->file);

	for (size_t i = 0; i < f->trace.n; i++) {
		json_object *step = json_object_new_object();
		char *r = path_relative_to_cwd(f->trace.v[i].file);
		char *note = note_shown(f->trace.v[i].note, NULL);

		json_object_object_add(step, "file", jstr(r));
		json_object_object_add(
			step, "line",
			json_object_new_int((int)f->trace.v[i].line));
		json_object_object_add(step, "function",
				       jstr(f->trace.v[i].function));
		json_object_object_add(step, "note",
				       json_object_new_string(note));
		free(note);
		json_object_array_add(trace, step);
		free(r);
	}
	json_object_object_add(o, "rule", jstr(f->rule));
	json_object_object_add(o, "severity", jstr(severity_name(f->severity)));
	json_object_object_add(o, "file", jstr(rel));
	json_object_object_add(o, "line", json_object_new_int((int)f->line));
	json_object_object_add(o, "column", json_object_new_int((int)f->col));
	json_object_object_add(o, "function", jstr(f->function));
	json_object_object_add(o, "message", jstr(f->message));
	json_object_object_add(o, "flags", jstr(f->flags));
	/* what --baseline and `gfpcheck diff` match on */
	json_object_object_add(o, "fingerprint", jstr(f->fingerprint));
	json_object_object_add(o, "trace", trace);
	free(rel);
	return o;
}

static json_object *json_stats(const struct report_opts *ro,
			       const struct run_stats *st)
{
	json_object *o = json_object_new_object();
	const struct report_counts *c = ro->counts;

	json_object_object_add(o, "translation_units",
			       json_object_new_int(st ? st->translation_units :
							0));
	json_object_object_add(o, "parse_failures",
			       json_object_new_int(st ? st->parse_failures :
							0));
	json_object_object_add(o, "functions",
			       json_object_new_int(st ? st->functions : 0));
	json_object_object_add(o, "seconds",
			       json_object_new_double(st ? st->seconds : 0.0));
	/* what the whole-tree analysis saw (0 when nothing changed) */
	json_object_object_add(o, "call_edges",
			       json_object_new_int(st ? st->call_edges : 0));
	json_object_object_add(o, "indirect_call_edges",
			       json_object_new_int(st ? st->indirect_edges :
							0));
	json_object_object_add(o, "atomic_functions",
			       json_object_new_int(st ? st->atomic_functions :
							0));
	json_object_object_add(
		o, "analysis_seconds",
		json_object_new_double(st ? st->analysis_seconds : 0.0));
	/* present when something was held back, or a baseline is in use */
	if (c && (c->suppressed || c->baselined || ro->baseline)) {
		json_object_object_add(o, "suppressed",
				       json_object_new_int(c->suppressed));
		json_object_object_add(o, "baselined",
				       json_object_new_int(c->baselined));
	}
	return o;
}

static void print_json_doc(json_object *root, FILE *out)
{
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(
			root, JSON_C_TO_STRING_PRETTY |
				      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

/* ---- paths relative to the tree root ---- */

static const char *under_root(const struct report_opts *o, const char *file)
{
	return o->root && *o->root ? path_under(file, o->root) : NULL;
}

/* A URI path: percent-encode what is not safe in one. */
static char *uri_path(const char *p)
{
	struct strbuf sb = { 0 };

	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/-_.~+", c))
			sb_addn(&sb, p, 1);
		else
			sb_addf(&sb, "%%%02X", c);
	}
	return sb_take(&sb);
}

/* ---- SARIF 2.1.0 ---- */

/* SARIF's levels are named as ours */
static const char *sarif_level(enum severity severity)
{
	return severity_name(severity);
}

static json_object *sarif_location(const struct report_opts *o,
				   const char *file, unsigned line,
				   unsigned col, const char *message)
{
	json_object *loc = json_object_new_object(),
		    *phys = json_object_new_object();
	json_object *art = json_object_new_object(),
		    *region = json_object_new_object();
	const char *rel = under_root(o, file);
	char *uri;

	if (rel) {
		uri = uri_path(rel);
		json_object_object_add(art, "uri", jstr(uri));
		json_object_object_add(art, "uriBaseId", jstr("SRCROOT"));
	} else {
		char *p = uri_path(file);

		uri = xasprintf("file://%s", p);
		free(p);
		json_object_object_add(art, "uri", jstr(uri));
	}
	free(uri);
	json_object_object_add(region, "startLine",
			       json_object_new_int((int)line));
	if (col)
		json_object_object_add(region, "startColumn",
				       json_object_new_int((int)col));
	json_object_object_add(phys, "artifactLocation", art);
	json_object_object_add(phys, "region", region);
	json_object_object_add(loc, "physicalLocation", phys);
	if (message) {
		json_object *m = json_object_new_object();

		json_object_object_add(m, "text", jstr(message));
		json_object_object_add(loc, "message", m);
	}
	return loc;
}

static json_object *sarif_code_flow(const struct report_opts *o,
				    const struct finding *f)
{
	json_object *flows = json_object_new_array(),
		    *flow = json_object_new_object();
	json_object *threads = json_object_new_array(),
		    *thread = json_object_new_object();
	json_object *locs = json_object_new_array();

	for (size_t i = 0; i < f->trace.n; i++) {
		const struct trace_step *t = &f->trace.v[i];
		json_object *tfl = json_object_new_object();
		char *note = note_shown(t->note, o->root);
		char *msg = xasprintf("%s (in %s)", note, t->function);

		free(note);
		json_object_object_add(tfl, "location",
				       sarif_location(o, t->file, t->line, 0,
						      msg));
		json_object_object_add(tfl, "nestingLevel",
				       json_object_new_int(0));
		json_object_object_add(tfl, "executionOrder",
				       json_object_new_int((int)i + 1));
		json_object_array_add(locs, tfl);
		free(msg);
	}
	json_object_object_add(thread, "locations", locs);
	json_object_array_add(threads, thread);
	json_object_object_add(flow, "threadFlows", threads);
	json_object_array_add(flows, flow);
	return flows;
}

static json_object *sarif_text(const char *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "text", jstr(s));
	return o;
}

/* SARIF wants a human name distinct from the opaque id: GfpSleepInAtomic */
static char *camel_name(const char *id)
{
	struct strbuf sb = { 0 };
	bool up = true;

	for (; *id; id++) {
		if (*id == '-') {
			up = true;
			continue;
		}
		sb_addf(&sb, "%c", up ? toupper((unsigned char)*id) : *id);
		up = false;
	}
	return sb_take(&sb);
}

static json_object *sarif_rules(const struct report_opts *o)
{
	json_object *rules = json_object_new_array();

	for (int i = 0; i < check_count; i++) {
		const struct check_def *d = check_defs[i];
		json_object *r, *conf, *help;
		char *page, *path, *name;

		r = json_object_new_object();
		conf = json_object_new_object();
		path = o->help_dir ? xasprintf("%s/%s.md", o->help_dir, d->id) :
				     NULL;
		page = path ? read_whole_file(path, NULL) : NULL;
		help = sarif_text(d->summary);
		/* the rule page: why, example, fix (code scanning shows it) */
		if (page)
			json_object_object_add(help, "markdown", jstr(page));
		json_object_object_add(r, "id", jstr(d->id));
		name = camel_name(d->id);
		json_object_object_add(r, "name", jstr(name));
		free(name);
		json_object_object_add(r, "shortDescription",
				       sarif_text(d->summary));
		json_object_object_add(r, "fullDescription",
				       sarif_text(d->summary));
		json_object_object_add(r, "help", help);
		json_object_object_add(conf, "level",
				       jstr(sarif_level(d->severity)));
		json_object_object_add(r, "defaultConfiguration", conf);
		json_object_array_add(rules, r);
		free(page);
		free(path);
	}
	return rules;
}

static int rule_index(const char *id)
{
	for (int i = 0; i < check_count; i++)
		if (strcmp(check_defs[i]->id, id) == 0)
			return i;
	return -1;
}

static json_object *sarif_result(const struct report_opts *o,
				 const struct finding *f,
				 const char *suppressed)
{
	json_object *r = json_object_new_object(),
		    *locs = json_object_new_array();
	json_object *fp = json_object_new_object();
	int ri = rule_index(f->rule);

	json_object_object_add(r, "ruleId", jstr(f->rule));
	if (ri >= 0)
		json_object_object_add(r, "ruleIndex", json_object_new_int(ri));
	json_object_object_add(r, "level", jstr(sarif_level(f->severity)));
	json_object_object_add(r, "message", sarif_text(f->message));
	json_object_array_add(locs, sarif_location(o, f->file, f->line, f->col,
						   NULL));
	json_object_object_add(r, "locations", locs);
	json_object_object_add(fp, "gfpcheck/v1",
			       jstr(f->fingerprint ? f->fingerprint : ""));
	json_object_object_add(r, "partialFingerprints", fp);
	if (f->trace.n)
		json_object_object_add(r, "codeFlows", sarif_code_flow(o, f));
	if (suppressed) {
		json_object *sups = json_object_new_array(),
			    *sup = json_object_new_object();

		json_object_object_add(sup, "kind", jstr("inSource"));
		json_object_object_add(sup, "justification", jstr(suppressed));
		json_object_array_add(sups, sup);
		json_object_object_add(r, "suppressions", sups);
	}
	return r;
}

/* One invocation: successful unless a translation unit failed to parse,
 * each failure a notification naming the file and its first error. */
static json_object *sarif_invocations(struct store *s,
				      const struct report_opts *o)
{
	json_object *invs = json_object_new_array(),
		    *inv = json_object_new_object();
	json_object *notes = json_object_new_array();
	sqlite3_stmt *st;
	bool ok = true;

	if (sqlite3_prepare_v2(
		    store_db(s),
		    "SELECT files.path, t.first_error FROM tus t JOIN files"
		    " ON files.id = t.file_id WHERE t.failed ORDER BY files.path",
		    -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			json_object *n = json_object_new_object(),
				    *locs = json_object_new_array();
			const char *file =
				(const char *)sqlite3_column_text(st, 0);
			const char *why =
				(const char *)sqlite3_column_text(st, 1);
			char *text = xasprintf("parse failure, not checked: %s",
					       why ? why : file);

			ok = false;
			json_object_object_add(n, "level", jstr("error"));
			json_object_object_add(n, "message", sarif_text(text));
			json_object_array_add(locs, sarif_location(o, file, 1,
								   0, NULL));
			json_object_object_add(n, "locations", locs);
			json_object_array_add(notes, n);
			free(text);
		}
		sqlite3_finalize(st);
	}
	json_object_object_add(inv, "executionSuccessful",
			       json_object_new_boolean(ok));
	json_object_object_add(inv, "toolExecutionNotifications", notes);
	json_object_array_add(invs, inv);
	return invs;
}

static void print_sarif(struct store *s, const struct report_opts *o,
			struct stored_finding *v, size_t n, FILE *out)
{
	json_object *root = json_object_new_object(),
		    *runs = json_object_new_array();
	json_object *run = json_object_new_object(),
		    *tool = json_object_new_object();
	json_object *driver = json_object_new_object(),
		    *results = json_object_new_array();

	json_object_object_add(
		root, "$schema",
		jstr("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_object_add(root, "version", jstr("2.1.0"));
	json_object_object_add(driver, "name", jstr("gfpcheck"));
	json_object_object_add(driver, "version", jstr(GFPCHECK_VERSION));
	json_object_object_add(driver, "semanticVersion",
			       jstr(GFPCHECK_VERSION));
	/* what the tool checks against: the kernel's allocation guide (the
	 * rule pages come inline, as help.markdown) */
	json_object_object_add(
		driver, "informationUri",
		jstr("https://docs.kernel.org/core-api/memory-allocation.html"));
	json_object_object_add(driver, "rules", sarif_rules(o));
	json_object_object_add(tool, "driver", driver);
	json_object_object_add(run, "tool", tool);
	if (o->root) {
		json_object *bases = json_object_new_object(),
			    *src = json_object_new_object();
		char *p = uri_path(o->root);
		char *uri = xasprintf("file://%s/", p);

		json_object_object_add(src, "uri", jstr(uri));
		json_object_object_add(bases, "SRCROOT", src);
		json_object_object_add(run, "originalUriBaseIds", bases);
		free(uri);
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		json_object_array_add(results, sarif_result(o, &v[i].f,
							    v[i].suppressed));
	json_object_object_add(run, "invocations", sarif_invocations(s, o));
	json_object_object_add(run, "results", results);
	json_object_object_add(run, "columnKind", jstr("unicodeCodePoints"));
	json_object_array_add(runs, run);
	json_object_object_add(root, "runs", runs);
	print_json_doc(root, out);
}

/* ---- GitHub Actions workflow commands ---- */

/* Message data escapes %, CR and LF; properties also ':' and ','. */
static void gh_escape(struct strbuf *sb, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			sb_add(sb, "%25");
			break;
		case '\r':
			sb_add(sb, "%0D");
			break;
		case '\n':
			sb_add(sb, "%0A");
			break;
		case ':':
			sb_add(sb, property ? "%3A" : ":");
			break;
		case ',':
			sb_add(sb, property ? "%2C" : ",");
			break;
		default:
			sb_addn(sb, s, 1);
			break;
		}
	}
}

static void print_github(const struct report_opts *o, const struct finding *f,
			 FILE *out)
{
	struct strbuf sb = { 0 }, msg = { 0 };
	const char *rel = under_root(o, f->file);
	const char *cmd = f->severity == SEV_ERROR ? "error" :
			  f->severity == SEV_NOTE  ? "notice" :
						     "warning";
	char *title = xasprintf("%s: %s", f->rule, f->function);

	sb_addf(&sb, "::%s file=", cmd);
	gh_escape(&sb, rel ? rel : f->file, true);
	sb_addf(&sb, ",line=%u,col=%u,title=", f->line, f->col);
	gh_escape(&sb, title, true);
	sb_add(&sb, "::");
	sb_add(&msg, f->message);
	for (size_t i = 0; i < f->trace.n; i++) {
		const char *r = under_root(o, f->trace.v[i].file);
		char *note = note_shown(f->trace.v[i].note, o->root);

		sb_addf(&msg, "\n%s:%u: %s (in %s)", r ? r : f->trace.v[i].file,
			f->trace.v[i].line, note, f->trace.v[i].function);
		free(note);
	}
	gh_escape(&sb, msg.s, false);
	fprintf(out, "%s\n", sb.s);
	sb_free(&sb);
	sb_free(&msg);
	free(title);
}

/* ---- GitLab Code Quality ---- */

static json_object *gitlab_issue(const struct report_opts *o,
				 const struct finding *f)
{
	json_object *g = json_object_new_object(),
		    *loc = json_object_new_object();
	json_object *lines = json_object_new_object();
	const char *rel = under_root(o, f->file);
	const char *sev = f->severity == SEV_ERROR ? "critical" :
			  f->severity == SEV_NOTE  ? "info" :
						     "major";

	json_object_object_add(g, "description", jstr(f->message));
	json_object_object_add(g, "check_name", jstr(f->rule));
	json_object_object_add(g, "fingerprint",
			       jstr(f->fingerprint ? f->fingerprint : ""));
	json_object_object_add(g, "severity", jstr(sev));
	json_object_object_add(lines, "begin",
			       json_object_new_int((int)f->line));
	json_object_object_add(loc, "path", jstr(rel ? rel : f->file));
	json_object_object_add(loc, "lines", lines);
	json_object_object_add(g, "location", loc);
	return g;
}

struct strset *baseline_load(const char *path, char **err)
{
	json_object *root, *fps;
	struct strset *set;

	if (access(path, R_OK) != 0) {
		*err = xasprintf("cannot read baseline %s: %s", path,
				 strerror(errno));
		return NULL;
	}
	root = json_object_from_file(path);
	if (!root || !json_object_object_get_ex(root, "fingerprints", &fps) ||
	    !json_object_is_type(fps, json_type_array)) {
		*err = xasprintf(
			"%s is not a gfpcheck baseline (write one with --write-baseline)",
			path);
		json_object_put(root);
		return NULL;
	}
	set = strset_new();
	/* an entry is a fingerprint, or (since version 2) an object that
	 * also says what it is */
	for (size_t i = 0; i < json_object_array_length(fps); i++) {
		json_object *e = json_object_array_get_idx(fps, i), *v;
		const char *fp = json_object_is_type(e, json_type_object) ?
					 (json_object_object_get_ex(
						  e, "fingerprint", &v) ?
						  json_object_get_string(v) :
						  NULL) :
					 json_object_get_string(e);

		if (fp)
			strset_add(set, fp);
	}
	json_object_put(root);
	return set;
}

static int write_baseline(const char *path, const struct stored_findings *v)
{
	json_object *root = json_object_new_object(),
		    *fps = json_object_new_array();
	char *tmp = xasprintf("%s.tmp", path);
	int ret = 0;

	/* each fingerprint with what it stands for, for the reader of a diff */
	for (size_t i = 0; i < v->n; i++) {
		const struct finding *f = &v->v[i].f;
		json_object *e = json_object_new_object();
		char *rel = path_relative_to_cwd(f->file);

		if (v->v[i].suppressed)
			continue;
		json_object_object_add(e, "fingerprint",
				       jstr(f->fingerprint ? f->fingerprint :
							     ""));
		json_object_object_add(e, "rule", jstr(f->rule));
		json_object_object_add(e, "file", jstr(rel));
		json_object_object_add(e, "function", jstr(f->function));
		json_object_object_add(e, "message", jstr(f->message));
		json_object_array_add(fps, e);
		free(rel);
	}
	json_object_object_add(root, "gfpcheck_baseline",
			       json_object_new_int(2));
	json_object_object_add(root, "fingerprints", fps);
	/* written whole, then renamed: a baseline is never half-written */
	if (json_object_to_file_ext(tmp, root, JSON_C_TO_STRING_PRETTY) < 0 ||
	    rename(tmp, path) < 0) {
		fprintf(stderr, "gfpcheck: cannot write baseline %s\n", path);
		unlink(tmp);
		ret = -1;
	}
	json_object_put(root);
	free(tmp);
	return ret;
}

static void print_format(struct store *s, const struct report_opts *o,
			 enum report_format format, struct stored_findings *v,
			 FILE *out)
{
	json_object *arr, *root;

	/* suppressed findings are kept only where the format can mark them */
	switch (format) {
	case FMT_TEXT:
		for (size_t i = 0; i < v->n; i++)
			if (!v->v[i].suppressed)
				print_text(&v->v[i].f, out);
		break;
	case FMT_JSON:
		root = json_object_new_object();
		arr = json_object_new_array();
		for (size_t i = 0; i < v->n; i++)
			if (!v->v[i].suppressed)
				json_object_array_add(arr,
						      json_finding(&v->v[i].f));
		json_object_object_add(root, "findings", arr);
		json_object_object_add(root, "stats", json_stats(o, o->stats));
		print_json_doc(root, out);
		break;
	case FMT_SARIF:
		print_sarif(s, o, v->v, v->n, out);
		break;
	case FMT_GITHUB:
		for (size_t i = 0; i < v->n; i++)
			if (!v->v[i].suppressed)
				print_github(o, &v->v[i].f, out);
		break;
	case FMT_GITLAB:
		arr = json_object_new_array();
		for (size_t i = 0; i < v->n; i++)
			if (!v->v[i].suppressed)
				json_object_array_add(
					arr, gitlab_issue(o, &v->v[i].f));
		print_json_doc(arr, out);
		break;
	}
}

static int write_stream(struct store *s, const struct report_opts *o,
			const struct report_output *out,
			struct stored_findings *v, const char *path, FILE *f)
{
	int ok;

	print_format(s, o, out->format, v, f);
	ok = fflush(f) == 0 && !ferror(f);
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		fprintf(stderr, "gfpcheck: cannot write %s: %s\n", path,
			strerror(errno));
	return ok ? 0 : -1;
}

/* -o FILE: a regular file is written to FILE.tmp and renamed over FILE when
 * complete, so that a reader never sees half a report; anything else (a
 * pipe, /dev/stderr) is written in place.  A short write is an error. */
static int write_output(struct store *s, const struct report_opts *o,
			const struct report_output *out,
			struct stored_findings *v)
{
	struct stat st;
	char *tmp;
	FILE *f;
	int ret;

	if (!out->path) {
		print_format(s, o, out->format, v, stdout);
		return 0;
	}
	if (stat(out->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		f = fopen(out->path, "w");
		if (!f) {
			fprintf(stderr, "gfpcheck: cannot write %s: %s\n",
				out->path, strerror(errno));
			return -1;
		}
		return write_stream(s, o, out, v, out->path, f);
	}
	tmp = xasprintf("%s.tmp", out->path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "gfpcheck: cannot write %s: %s\n", out->path,
			strerror(errno));
		free(tmp);
		return -1;
	}
	ret = write_stream(s, o, out, v, out->path, f);
	if (ret == 0 && rename(tmp, out->path) < 0) {
		fprintf(stderr, "gfpcheck: cannot write %s: %s\n", out->path,
			strerror(errno));
		ret = -1;
	}
	if (ret < 0)
		unlink(tmp);
	free(tmp);
	return ret;
}

int report(struct store *s, const struct report_opts *o)
{
	static const struct report_output text_on_stdout = { FMT_TEXT, NULL };
	struct stored_findings v = { 0 };
	int count;

	if (load(s, o, &v) < 0) {
		count = -1;
		goto out;
	}
	count = 0;
	for (size_t i = 0; i < v.n; i++)
		count += !v.v[i].suppressed;
	if (o->write_baseline && write_baseline(o->write_baseline, &v) < 0)
		count = -1;
	for (int i = 0; i < o->noutputs; i++)
		if (write_output(s, o, &o->outputs[i], &v) < 0)
			count = -1;
	if (!o->noutputs)
		write_output(s, o, &text_on_stdout, &v);
out:
	for (size_t i = 0; i < v.n; i++) {
		finding_free(&v.v[i].f);
		free(v.v[i].suppressed);
	}
	VEC_FREE(v);
	return count;
}
