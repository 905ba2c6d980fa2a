// SPDX-License-Identifier: GPL-2.0
/* gfpcheck: finds GFP allocation-flag misuse in Linux kernel C code.
 * The command table and the dispatch: each command is one descriptor in
 * its own cmd_<name>.c (command.h). */
#include "command.h"
#include "options.h"
#include "supervise.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Every command (command_list.h), in the order `--help` lists them. */
static const struct command *const commands[] = {
#define COMMAND(name) &cmd_##name,
#include "command_list.h"
#undef COMMAND
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char exit_status_help[] =
	"exit status: 0 no findings (at or above --fail-on), 1 findings, 2 usage or input\n"
	"error, or a translation unit that failed to parse\n";

static void print_help(const struct command *only)
{
	bool any_reports = false;

	if (!only)
		puts("usage: gfpcheck <command> [options]   (gfpcheck <command> --help for one)\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (only && only != commands[i])
			continue;
		printf("%sgfpcheck %s\n%s\n", only ? "usage: " : "",
		       commands[i]->synopsis, commands[i]->help);
		any_reports |= (commands[i]->options & OPTS_REPORT) != 0;
	}
	if (any_reports)
		printf("%s\n", options_report_help);
	fputs(exit_status_help, stdout);
}

/* `gfpcheck COMMAND --help` (or -h) anywhere before `--` */
static bool asks_for_help(int argc, char **argv)
{
	for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

/* Parses the command's options, starts the supervisor when it parses
 * sources, and runs it. */
static int invoke_command(const struct command *c, int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	int status = options_parse(&o, c->name, c->options, argc, argv);

	if (status != 0)
		goto out;
	if (c->supervised) {
		/* the supervisor's is the child's exit status; the child (or
		 * a run without supervisor) gets -1 and runs the command */
		status = supervise(o.parse_timeout);
		if (status >= 0)
			goto out;
	}
	status = c->run(&o);
out:
	options_free(&o);
	return status;
}

static int run_command(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		return usage_error("no command given");
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		print_help(NULL);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0)
		cmd = "version";
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(cmd, commands[i]->name) != 0)
			continue;
		if (asks_for_help(argc, argv)) {
			print_help(commands[i]);
			return 0;
		}
		return invoke_command(commands[i], argc - 1, argv + 1);
	}
	return usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	int rc;

	supervise_init(argc, argv);
	rc = run_command(argc, argv);

	/* a report that did not reach its reader (a full disk, a closed
	 * pipe) is an error, not "no findings" or "findings" */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gfpcheck: cannot write the output: %s\n",
			strerror(errno));
		return 2;
	}
	return rc;
}
