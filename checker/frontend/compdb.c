// SPDX-License-Identifier: GPL-2.0
#include "compdb.h"
#include "util.h"

#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <json-c/json.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Arguments that take their value as the next word and mean nothing to a
 * syntax-only parse. */
static const char *const drop_with_value[] = { "-o", "-MF", "-MT", "-MQ",
					       "-x" };
/* Arguments that only select the output. */
static const char *const drop_alone[] = { "-c", "-S",  "-E",  "-MD",  "-MMD",
					  "-M", "-MM", "-MP", "-pipe" };

static bool in(const char *const *list, size_t n, const char *arg)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], arg) == 0)
			return true;
	return false;
}

/* Returns 0 keep, 1 drop this, 2 drop this and the next argument. */
static int classify(const char *arg, const struct drop_rule *drops, int ndrops)
{
	if (in(drop_with_value,
	       sizeof(drop_with_value) / sizeof(*drop_with_value), arg))
		return 2;
	if (in(drop_alone, sizeof(drop_alone) / sizeof(*drop_alone), arg))
		return 1;
	/* warnings must never turn a TU into a failure: -W..., -Werror..., -Wp,-MMD */
	if (strncmp(arg, "-W", 2) == 0 || strcmp(arg, "-w") == 0 ||
	    strcmp(arg, "-pedantic") == 0)
		return 1;
	for (int i = 0; i < ndrops; i++)
		if (fnmatch(drops[i].pattern, arg, 0) == 0)
			return drops[i].takes_value ? 2 : 1;
	return 0;
}

static bool same_file(const char *arg, const char *dir, const char *file)
{
	char *abs;
	bool same;

	if (strcmp(arg, file) == 0)
		return true;
	if (arg[0] == '/')
		return false;
	abs = xasprintf("%s/%s", dir, arg);
	same = strcmp(abs, file) == 0;
	if (!same) {
		char a[PATH_MAX], b[PATH_MAX];

		same = realpath(abs, a) && realpath(file, b) &&
		       strcmp(a, b) == 0;
	}
	free(abs);
	return same;
}

static char *absolute(const char *dir, const char *file)
{
	char buf[PATH_MAX];
	char *joined = file[0] == '/' ? xstrdup(file) :
					xasprintf("%s/%s", dir, file);

	if (realpath(joined, buf)) {
		free(joined);
		return xstrdup(buf);
	}
	return joined;
}

/* Options whose value is a path: relative ones are made absolute against
 * the compile directory, because libclang's -working-directory would
 * chdir() the whole process (LLVM's real file system does) and race
 * between workers. */
static const char *const path_options[] = {
	"-I",	      "-isystem",     "-iquote",
	"-idirafter", "-include",     "-imacros",
	"-iprefix",   "-iwithprefix", "-iwithprefixbefore",
	"--sysroot",  "-isysroot",    "-L",
	"-B",
};

static char *absolute_value(const char *dir, const char *value)
{
	if (value[0] == '/' || !*value)
		return xstrdup(value);
	if (value[0] == '.' && value[1] == '/')
		value += 2;
	return xasprintf("%s/%s", dir, value);
}

/* Appends `arg` (and its value from argv[*i + 1] where needed) with paths made absolute. */
static void add_arg(struct compile_job *job, CXCompileCommand cmd, unsigned *i,
		    unsigned nargs, const char *arg)
{
	for (size_t k = 0; k < sizeof(path_options) / sizeof(*path_options);
	     k++) {
		const char *opt = path_options[k];
		size_t n = strlen(opt);

		if (strcmp(arg, opt) == 0 && *i + 1 < nargs) {
			CXString v = clang_CompileCommand_getArg(cmd, ++*i);

			job->argv[job->argc++] = xstrdup(opt);
			job->argv[job->argc++] = absolute_value(
				job->directory, clang_getCString(v));
			clang_disposeString(v);
			return;
		}
		/* joined forms: -I./include, --sysroot=dir */
		if (strncmp(arg, opt, n) == 0 &&
		    (opt[1] == 'I' || arg[n] == '=')) {
			const char *val = arg + n + (arg[n] == '=');
			char *abs = absolute_value(job->directory, val);

			job->argv[job->argc++] =
				xasprintf("%.*s%s", (int)(val - arg), arg, abs);
			free(abs);
			return;
		}
	}
	job->argv[job->argc++] = xstrdup(arg);
}

static void fill_job(struct compile_job *job, CXCompileCommand cmd,
		     const struct drop_rule *drops, int ndrops)
{
	CXString dir = clang_CompileCommand_getDirectory(cmd);
	CXString file = clang_CompileCommand_getFilename(cmd);
	unsigned nargs = clang_CompileCommand_getNumArgs(cmd);
	uint64_t h;

	job->directory = xstrdup(clang_getCString(dir));
	job->file = absolute(job->directory, clang_getCString(file));
	job->argv =
		xcalloc(nargs + 4,
			sizeof(char *)); /* never more words than given, + -w */
	/* argument 0 is the compiler */
	for (unsigned i = 1; i < nargs; i++) {
		CXString a = clang_CompileCommand_getArg(cmd, i);
		const char *arg = clang_getCString(a);
		int what = classify(arg, drops, ndrops);

		if (what == 2)
			i++;
		else if (what == 0 &&
			 !same_file(arg, job->directory,
				    clang_getCString(file)) &&
			 !same_file(arg, job->directory, job->file))
			add_arg(job, cmd, &i, nargs, arg);
		clang_disposeString(a);
	}
	job->argv[job->argc++] = xstrdup("-w");
	h = hash_str(job->directory);
	for (int i = 0; i < job->argc; i++)
		h = hash_bytes(job->argv[i], strlen(job->argv[i]) + 1, h);
	job->command_hash = hex64(h);
	clang_disposeString(dir);
	clang_disposeString(file);
}

/*
 * Reads the compile database (a directory holding compile_commands.json,
 * or the file itself, also a pipe) and checks it whole with json-c:
 * libclang's reader accepts a file cut off after an entry and says
 * nothing, and its own messages are cut and name no file.
 */
static char *read_database(const char *path, size_t *len, char **err)
{
	struct stat st;
	char *json, *text;

	if (stat(path, &st) < 0) {
		*err = xasprintf("compile database %s: %s", path,
				 strerror(errno));
		return NULL;
	}
	json = S_ISDIR(st.st_mode) ?
		       xasprintf("%s/compile_commands.json", path) :
		       xstrdup(path);
	text = read_whole_file(json, len);
	if (!text)
		*err = S_ISDIR(st.st_mode) ?
			       xasprintf(
				       "no readable compile_commands.json in %s",
				       path) :
			       xasprintf("compile database %s: %s", path,
					 strerror(errno));
	free(json);
	return text;
}

static int check_database(const char *path, const char *text, size_t len,
			  char **err)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *doc = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t at = json_tokener_get_parse_end(tok);
	int ret = 0;

	while (doc && at < len && strchr(" \t\r\n", text[at]))
		at++;
	if (!doc || jerr != json_tokener_success || at < len) {
		*err = xasprintf(
			"compile database %s is not valid JSON: %s", path,
			jerr == json_tokener_continue ?
				"it ends before the list is closed (cut off?)" :
			jerr != json_tokener_success ?
				json_tokener_error_desc(jerr) :
				"text after the list");
		ret = -1;
		goto out;
	}
	if (!json_object_is_type(doc, json_type_array)) {
		*err = xasprintf(
			"compile database %s is not a JSON list of compile commands",
			path);
		ret = -1;
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(doc); i++) {
		struct json_object *e = json_object_array_get_idx(doc, i), *v;

		if (!json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "file", &v) ||
		    !json_object_is_type(v, json_type_string) ||
		    !json_object_object_get_ex(e, "directory", &v) ||
		    !json_object_is_type(v, json_type_string) ||
		    !(json_object_object_get_ex(e, "command", &v) ||
		      json_object_object_get_ex(e, "arguments", &v))) {
			*err = xasprintf(
				"compile database %s: entry %zu lacks \"directory\", \"file\" or a command",
				path, i + 1);
			ret = -1;
			goto out;
		}
	}
out:
	json_object_put(doc);
	json_tokener_free(tok);
	return ret;
}

/* The directory libclang reads: the given one, or a temporary one holding
 * the text read from a file or pipe. */
static char *database_dir(const char *path, const char *text, size_t len,
			  char **tmpdir, char **err)
{
	struct stat st;
	char *tmpl, *copy;
	FILE *f;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup(path);
	/* the pid in the name lets a later run remove what a killed one left */
	remove_stale_temporaries("/tmp", "gfpcheck-cdb-");
	tmpl = xasprintf("/tmp/gfpcheck-cdb-%d-XXXXXX", (int)getpid());
	if (!mkdtemp(tmpl)) {
		*err = xasprintf(
			"compile database %s: cannot make a temporary directory: %s",
			path, strerror(errno));
		free(tmpl);
		return NULL;
	}
	copy = xasprintf("%s/compile_commands.json", tmpl);
	f = fopen(copy, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		*err = xasprintf("compile database %s: cannot copy it to %s",
				 path, tmpl);
		unlink(copy);
		rmdir(tmpl);
		free(copy);
		free(tmpl);
		return NULL;
	}
	free(copy);
	*tmpdir = xstrdup(tmpl);
	return tmpl;
}

static void remove_tmpdir(char *tmpdir)
{
	char *link;

	if (!tmpdir)
		return;
	link = xasprintf("%s/compile_commands.json", tmpdir);
	unlink(link);
	rmdir(tmpdir);
	free(link);
	free(tmpdir);
}

/* libclang prints its own reason for a bad database on stderr; catch it
 * so that the user gets one line naming the problem. */
static CXCompilationDatabase load_quietly(const char *dir,
					  CXCompilationDatabase_Error *cerr,
					  char *why, size_t whysize)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	CXCompilationDatabase db;
	size_t n = 0;

	why[0] = '\0';
	if (!tmp || saved < 0) {
		if (tmp)
			fclose(tmp);
		return clang_CompilationDatabase_fromDirectory(dir, cerr);
	}
	fflush(stderr);
	dup2(fileno(tmp), 2);
	db = clang_CompilationDatabase_fromDirectory(dir, cerr);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(why, 1, whysize - 1, tmp);
	why[n] = '\0';
	fclose(tmp);
	for (char *p = why; *p; p++)
		if (*p == '\n')
			*p = (p[1] ? ' ' : '\0');
	return db;
}

int compdb_load(const char *path, const struct ruleset *rs,
		struct compile_job **jobs, size_t *njobs, char **err)
{
	CXCompilationDatabase_Error cerr;
	CXCompilationDatabase db;
	CXCompileCommands cmds;
	const struct drop_rule *drops;
	int ndrops = rules_drop_args(rs, &drops);
	char *tmpdir = NULL, *dir, *text, *named;
	char why[512];
	struct strset *seen;
	size_t len;
	unsigned n;

	*jobs = NULL;
	*njobs = 0;
	text = read_database(path, &len, err);
	if (!text)
		return -1;
	/* messages name the file, also when -p names its directory */
	{
		struct stat st;

		named = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ?
				xasprintf("%s/compile_commands.json", path) :
				xstrdup(path);
	}
	if (check_database(named, text, len, err) < 0) {
		free(text);
		free(named);
		return -1;
	}
	dir = database_dir(path, text, len, &tmpdir, err);
	free(text);
	if (!dir) {
		free(named);
		return -1;
	}
	db = load_quietly(dir, &cerr, why, sizeof(why));
	/* libclang has read the copy whole: it is not needed any more */
	remove_tmpdir(tmpdir);
	free(dir);
	if (cerr != CXCompilationDatabase_NoError || !db) {
		const char *w = strstr(why, "ERROR: ") ?
					strstr(why, "ERROR: ") + 7 :
					why;

		*err = xasprintf("cannot read compile database %s: %s", named,
				 *w ? w : "not a valid compile_commands.json");
		free(named);
		return -1;
	}
	cmds = clang_CompilationDatabase_getAllCompileCommands(db);
	n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
	*jobs = xcalloc(n ? n : 1, sizeof(struct compile_job));
	seen = strset_new();
	for (unsigned i = 0; i < n; i++) {
		CXCompileCommand cmd =
			clang_CompileCommands_getCommand(cmds, i);
		CXString file = clang_CompileCommand_getFilename(cmd);
		const char *f = clang_getCString(file);
		size_t flen = strlen(f);
		struct compile_job *job = &(*jobs)[*njobs];

		/* only C translation units: assembler files have nothing for us */
		if (flen > 2 && strcmp(f + flen - 2, ".c") == 0) {
			fill_job(job, cmd, drops, ndrops);
			/* a TU listed twice would be two owners of its header
			 * functions: the first entry stands */
			if (strset_add(seen, job->file)) {
				(*njobs)++;
			} else {
				fprintf(stderr,
					"gfpcheck: warning: %s is listed more than once in the compile"
					" database %s; the first entry is used\n",
					job->file, named);
				compdb_clear(job, 1);
				memset(job, 0, sizeof(*job));
			}
		}
		clang_disposeString(file);
	}
	strset_free(seen);
	if (cmds)
		clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	if (n == 0 || *njobs == 0) {
		*err = xasprintf(
			n ? "compile database %s lists no C source (.c) file" :
			    "compile database %s holds no compile commands",
			named);
		compdb_free(*jobs, *njobs);
		*jobs = NULL;
		*njobs = 0;
		free(named);
		return -1;
	}
	free(named);
	return 0;
}

bool compdb_drop_arg(struct compile_job *job, const char *arg)
{
	for (int i = 0; i < job->argc; i++) {
		if (strcmp(job->argv[i], arg) != 0)
			continue;
		free(job->argv[i]);
		memmove(&job->argv[i], &job->argv[i + 1],
			sizeof(char *) * (size_t)(job->argc - i - 1));
		job->argc--;
		return true;
	}
	return false;
}

void compdb_free(struct compile_job *jobs, size_t njobs)
{
	compdb_clear(jobs, njobs);
	free(jobs);
}

void compdb_clear(struct compile_job *jobs, size_t njobs)
{
	for (size_t i = 0; i < njobs; i++) {
		for (int a = 0; a < jobs[i].argc; a++)
			free(jobs[i].argv[a]);
		free(jobs[i].argv);
		free(jobs[i].file);
		free(jobs[i].directory);
		free(jobs[i].command_hash);
	}
}
