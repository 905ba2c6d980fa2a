// SPDX-License-Identifier: GPL-2.0
/* The supervisor: runs the command in a child, learns from a pipe which
 * TUs are being parsed, and when the child dies or overruns the time limit
 * runs it again with those TUs recorded as failures (see supervise.h). */
#include "supervise.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ENV_FD "GFPCHECK_SUPERVISOR_FD"
#define ENV_FAILED "GFPCHECK_FAILED_TUS" /* "cause\tpath\n"... */
#define ENV_SERIAL "GFPCHECK_SERIAL"
#define ENV_OFF "GFPCHECK_NO_SUPERVISOR" /* for debuggers: run in-process */
/* a run that keeps losing TUs is not going to finish */
#define MAX_FAILED_TUS 64

static char **saved_argv;
static int report_fd = -1;
static char *failed_env; /* the child's copy of ENV_FAILED */

void supervise_init(int argc, char **argv)
{
	const char *fd = getenv(ENV_FD), *failed = getenv(ENV_FAILED);
	int n;

	(void)argc;
	saved_argv = argv;
	if (fd && parse_int(fd, 0, 1 << 20, &n)) {
		report_fd = n;
		/* for this process only: git and the shell it runs must not
		 * hold the pipe open */
		fcntl(report_fd, F_SETFD, FD_CLOEXEC);
	}
	failed_env = failed ? xstrdup(failed) : NULL;
}

static void note(char what, const char *path)
{
	char *line;
	size_t n;

	if (report_fd < 0)
		return;
	line = xasprintf("%c %s\n", what, path);
	n = strlen(line);
	/* one write of less than PIPE_BUF: the workers' lines never mix */
	if (n < 4096 && write(report_fd, line, n) < 0)
		report_fd = -1;
	free(line);
}

void supervise_tu_start(const char *path)
{
	note('S', path);
}

void supervise_tu_end(const char *path)
{
	note('E', path);
}

const char *supervise_failed_before(const char *path)
{
	size_t n = strlen(path);

	for (char *l = failed_env; l && *l;) {
		char *tab = strchr(l, '\t'), *nl = strchr(l, '\n');

		if (!tab || !nl)
			break;
		if ((size_t)(nl - tab - 1) == n &&
		    strncmp(tab + 1, path, n) == 0) {
			*tab = '\0'; /* the cause, as a string of its own */
			return l;
		}
		l = nl + 1;
	}
	return NULL;
}

bool supervise_serial(void)
{
	return getenv(ENV_SERIAL) != NULL;
}

/* ---- the supervising process ---- */

struct in_flight {
	char *path;
	double since;
};

/* the TUs the child is in (a VEC of in_flight) */
struct flights {
	struct in_flight *v;
	size_t n, cap;
};

static void flights_free(struct flights *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	VEC_FREE(*f);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void flight_update(struct flights *f, const char *line)
{
	if (line[0] == 'S' && line[1] == ' ') {
		struct in_flight e = { xstrdup(line + 2), now() };

		VEC_PUSH(*f, e);
		return;
	}
	for (size_t i = 0; line[0] == 'E' && i < f->n; i++) {
		if (strcmp(f->v[i].path, line + 2) == 0) {
			free(f->v[i].path);
			f->v[i] = f->v[--f->n];
			return;
		}
	}
}

static pid_t start_child(int fds[2], const char *failed, bool serial)
{
	pid_t parent = getpid(), pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid != 0)
		return pid;
	close(fds[0]);
	/* killing the supervisor kills the run: a killed scan never goes on
	 * writing behind the caller's back */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(2);
	{
		char *fd = xasprintf("%d", fds[1]);

		setenv(ENV_FD, fd, 1);
		free(fd);
	}
	if (failed && *failed)
		setenv(ENV_FAILED, failed, 1);
	if (serial)
		setenv(ENV_SERIAL, "1", 1);
	execv("/proc/self/exe", saved_argv);
	fprintf(stderr, "gfpcheck: cannot run itself again: %s\n",
		strerror(errno));
	_exit(2);
}

/* Reads the child's notes until it exits; kills it when a TU overruns.
 * Returns the TU that overran (the caller frees it), or NULL. */
static char *watch(int fd, pid_t pid, double timeout, struct flights *f)
{
	char buf[8192];
	size_t have = 0;
	char *overran = NULL;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int r = poll(&p, 1, 250);
		ssize_t n;

		if (r < 0 && errno != EINTR)
			break;
		if (r > 0) {
			n = read(fd, buf + have, sizeof(buf) - 1 - have);
			if (n <= 0)
				break; /* the child (and so every writer) is gone */
			have += (size_t)n;
			buf[have] = '\0';
			for (char *nl; (nl = memchr(buf, '\n', have));) {
				*nl = '\0';
				flight_update(f, buf);
				have -= (size_t)(nl + 1 - buf);
				memmove(buf, nl + 1, have);
			}
			if (have == sizeof(buf) - 1)
				have = 0; /* no line is that long: drop it */
		}
		for (size_t i = 0; timeout > 0 && !overran && i < f->n; i++) {
			if (now() - f->v[i].since > timeout) {
				overran = xstrdup(f->v[i].path);
				kill(pid, SIGKILL);
			}
		}
	}
	return overran;
}

/* How a child ended, in words (a static buffer) */
static const char *death(int ws)
{
	static char text[64];

	if (WIFSIGNALED(ws))
		snprintf(text, sizeof(text), "%s", strsignal(WTERMSIG(ws)));
	else
		snprintf(text, sizeof(text), "exit status %d", WEXITSTATUS(ws));
	return text;
}

int supervise(double timeout)
{
	struct strbuf failed = { 0 };
	int nfailed = 0, status = -1;
	bool serial = false;

	if (report_fd >= 0 || getenv(ENV_FD) || getenv(ENV_OFF) || !saved_argv)
		return -1;
	while (status < 0) {
		struct flights f = { 0 };
		int fds[2], ws;
		char *overran, *cause = NULL;
		pid_t pid;

		if (pipe(fds) < 0) {
			fprintf(stderr,
				"gfpcheck: cannot watch the scan (pipe: %s); running it unwatched\n",
				strerror(errno));
			break;
		}
		fcntl(fds[0], F_SETFD, FD_CLOEXEC);
		pid = start_child(fds, failed.s, serial);
		close(fds[1]);
		if (pid < 0) {
			fprintf(stderr, "gfpcheck: cannot start the scan: %s\n",
				strerror(errno));
			close(fds[0]);
			status = 2;
			break;
		}
		overran = watch(fds[0], pid, timeout, &f);
		close(fds[0]);
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		/* an exit with a TU in flight is a death too: ASan reports a
		 * stack overflow and exits */
		if (!overran && WIFEXITED(ws) && f.n == 0) {
			status = WEXITSTATUS(ws);
		} else if (overran) {
			cause = xasprintf(
				"took longer than %g s to parse and analyse (--parse-timeout)",
				timeout);
		} else if (f.n == 1) {
			overran = xstrdup(f.v[0].path);
			cause = xasprintf(
				"gfpcheck died while parsing or analysing it (%s, in libclang or in"
				" gfpcheck's extraction)",
				death(ws));
		} else if (f.n > 1 && !serial) {
			fprintf(stderr,
				"gfpcheck: died (%s) with %zu files in flight; scanning again one at a time"
				" to find which\n",
				death(ws), f.n);
			serial = true;
		} else {
			fprintf(stderr,
				"gfpcheck: died (%s) outside parsing; nothing was written\n",
				death(ws));
			status = 2;
		}
		if (cause) {
			fprintf(stderr,
				"gfpcheck: %s: %s; scanning again without it\n",
				overran, cause);
			sb_addf(&failed, "%s\t%s\n", cause, overran);
			if (++nfailed > MAX_FAILED_TUS) {
				fprintf(stderr,
					"gfpcheck: more than %d files could not be parsed; giving up\n",
					MAX_FAILED_TUS);
				status = 2;
			}
		}
		free(overran);
		free(cause);
		flights_free(&f);
	}
	sb_free(&failed);
	return status;
}
