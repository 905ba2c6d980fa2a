// SPDX-License-Identifier: GPL-2.0
#include "report.h"
#include "util.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

static bool wanted(const struct report_opts *o, const char *file)
{
	if (o->npaths == 0)
		return true;
	for (int i = 0; i < o->npaths; i++) {
		size_t n = strlen(o->paths[i]);

		if (strncmp(file, o->paths[i], n) == 0 && (file[n] == '\0' || file[n] == '/' ||
							   o->paths[i][n - 1] == '/'))
			return true;
	}
	return false;
}

struct row {
	int64_t id;
	const char *rule, *severity, *file, *function, *message, *flags;
	int line, col;
};

static void text_trace(sqlite3 *db, struct row *r, FILE *out)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(db, "SELECT files.path, t.line, t.function, t.note FROM trace t"
			   " JOIN files ON files.id = t.file_id WHERE t.finding_id = ?1 ORDER BY t.seq",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, r->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *rel = path_relative_to_cwd((const char *)sqlite3_column_text(st, 0));

		fprintf(out, "%s:%d: note: %s (in %s)\n", rel, sqlite3_column_int(st, 1),
			sqlite3_column_text(st, 3), sqlite3_column_text(st, 2));
		free(rel);
	}
	sqlite3_finalize(st);
}

static json_object *json_trace(sqlite3 *db, struct row *r)
{
	json_object *arr = json_object_new_array();
	sqlite3_stmt *st;

	sqlite3_prepare_v2(db, "SELECT files.path, t.line, t.function, t.note FROM trace t"
			   " JOIN files ON files.id = t.file_id WHERE t.finding_id = ?1 ORDER BY t.seq",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, r->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_object *step = json_object_new_object();
		char *rel = path_relative_to_cwd((const char *)sqlite3_column_text(st, 0));

		json_object_object_add(step, "file", json_object_new_string(rel));
		json_object_object_add(step, "line", json_object_new_int(sqlite3_column_int(st, 1)));
		json_object_object_add(step, "function",
				       json_object_new_string((const char *)sqlite3_column_text(st, 2)));
		json_object_object_add(step, "note",
				       json_object_new_string((const char *)sqlite3_column_text(st, 3)));
		json_object_array_add(arr, step);
		free(rel);
	}
	sqlite3_finalize(st);
	return arr;
}

static json_object *json_finding(sqlite3 *db, struct row *r)
{
	json_object *o = json_object_new_object();
	char *rel = path_relative_to_cwd(r->file);

	json_object_object_add(o, "rule", json_object_new_string(r->rule));
	json_object_object_add(o, "severity", json_object_new_string(r->severity));
	json_object_object_add(o, "file", json_object_new_string(rel));
	json_object_object_add(o, "line", json_object_new_int(r->line));
	json_object_object_add(o, "column", json_object_new_int(r->col));
	json_object_object_add(o, "function", json_object_new_string(r->function));
	json_object_object_add(o, "message", json_object_new_string(r->message));
	json_object_object_add(o, "flags", r->flags ? json_object_new_string(r->flags) : NULL);
	json_object_object_add(o, "trace", json_trace(db, r));
	free(rel);
	return o;
}

static json_object *json_stats(const struct run_stats *st)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "translation_units", json_object_new_int(st ? st->translation_units : 0));
	json_object_object_add(o, "parse_failures", json_object_new_int(st ? st->parse_failures : 0));
	json_object_object_add(o, "functions", json_object_new_int(st ? st->functions : 0));
	json_object_object_add(o, "seconds", json_object_new_double(st ? st->seconds : 0.0));
	return o;
}

int report(struct store *s, const struct report_opts *o, FILE *out)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	json_object *root = NULL, *arr = NULL;
	int count = 0;

	if (sqlite3_prepare_v2(db, "SELECT f.id, f.rule, f.severity, files.path, f.line, f.col,"
			       " f.function, f.message, f.flags FROM findings f"
			       " JOIN files ON files.id = f.file_id ORDER BY files.path, f.line, f.col, f.rule",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (o->format == FMT_JSON) {
		root = json_object_new_object();
		arr = json_object_new_array();
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct row r = {
			.id = sqlite3_column_int64(st, 0),
			.rule = (const char *)sqlite3_column_text(st, 1),
			.severity = (const char *)sqlite3_column_text(st, 2),
			.file = (const char *)sqlite3_column_text(st, 3),
			.line = sqlite3_column_int(st, 4),
			.col = sqlite3_column_int(st, 5),
			.function = (const char *)sqlite3_column_text(st, 6),
			.message = (const char *)sqlite3_column_text(st, 7),
			.flags = (const char *)sqlite3_column_text(st, 8),
		};

		if (!wanted(o, r.file) || (o->only_line > 0 && r.line != o->only_line))
			continue;
		count++;
		if (o->format == FMT_JSON) {
			json_object_array_add(arr, json_finding(db, &r));
		} else {
			char *rel = path_relative_to_cwd(r.file);

			fprintf(out, "%s:%d:%d: %s: %s [%s]\n", rel, r.line, r.col, r.severity,
				r.message, r.rule);
			free(rel);
			text_trace(db, &r, out);
		}
	}
	sqlite3_finalize(st);
	if (o->format == FMT_JSON) {
		json_object_object_add(root, "findings", arr);
		json_object_object_add(root, "stats", json_stats(o->stats));
		fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
								      JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	}
	return count;
}
