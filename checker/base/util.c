// SPDX-License-Identifier: GPL-2.0
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(void)
{
	fputs("gfpcheck: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	int len;
	char *s;

	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	s = xmalloc((size_t)len + 1);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	sb->cap = (sb->len + extra + 1) * 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_grow(sb, (size_t)len);
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)len;
}

char *sb_take(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");

	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

/* FNV-1a, 64 bit: fast and good enough for content fingerprints. */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = seed ? seed : 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s), 0);
}

char *hex64(uint64_t h)
{
	return xasprintf("%016llx", (unsigned long long)h);
}

static size_t strmap_slot(const char *const *keys, size_t cap, const char *key)
{
	size_t i = hash_str(key) & (cap - 1);

	while (keys[i] && strcmp(keys[i], key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

void strmap_put(struct strmap *m, const char *key, int64_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct strmap old = *m;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		for (size_t k = 0; k < old.cap; k++) {
			if (old.keys[k]) {
				i = strmap_slot(m->keys, m->cap, old.keys[k]);
				m->keys[i] = old.keys[k];
				m->vals[i] = old.vals[k];
			}
		}
		free(old.keys);
		free(old.vals);
	}
	i = strmap_slot(m->keys, m->cap, key);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

int64_t strmap_get(const struct strmap *m, const char *key, int64_t missing)
{
	size_t i;

	if (!m->cap)
		return missing;
	i = strmap_slot(m->keys, m->cap, key);
	return m->keys[i] ? m->vals[i] : missing;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

struct strset {
	pthread_mutex_t lock;
	struct strmap map; /* its keys are the set's own copies */
};

struct strset *strset_new(void)
{
	struct strset *set = xcalloc(1, sizeof(*set));

	pthread_mutex_init(&set->lock, NULL);
	return set;
}

bool strset_add(struct strset *set, const char *key)
{
	bool added = false;

	pthread_mutex_lock(&set->lock);
	if (strmap_get(&set->map, key, 0) == 0) {
		strmap_put(&set->map, xstrdup(key), 1);
		added = true;
	}
	pthread_mutex_unlock(&set->lock);
	return added;
}

bool strset_has(struct strset *set, const char *key)
{
	bool found;

	pthread_mutex_lock(&set->lock);
	found = strmap_get(&set->map, key, 0) != 0;
	pthread_mutex_unlock(&set->lock);
	return found;
}

void strset_free(struct strset *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->map.cap; i++)
		free((char *)set->map.keys[i]);
	strmap_free(&set->map);
	pthread_mutex_destroy(&set->lock);
	free(set);
}

const char *path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 0 && dir[n - 1] == '/')
		n--;
	if (strncmp(path, dir, n) != 0)
		return NULL;
	if (path[n] == '/')
		return path + n + 1;
	return n == 0 && path[0] ? path : NULL;
}

char *path_relative_to_cwd(const char *path)
{
	char cwd[PATH_MAX];
	const char *rel;

	if (!getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	rel = path_under(path, cwd);
	return xstrdup(rel ? rel : path);
}

bool read_stream(FILE *f, struct strbuf *sb)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(sb, buf, n);
	return !ferror(f);
}

char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = { 0 };

	if (!f)
		return NULL;
	/* a directory opens, then fails to read (EISDIR): not an empty file */
	if (!read_stream(f, &sb)) {
		int saved = errno;

		fclose(f);
		sb_free(&sb);
		errno = saved;
		return NULL;
	}
	fclose(f);
	if (len)
		*len = sb.len;
	return sb_take(&sb);
}

static void remove_files_and_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d) {
		unlink(path);
		return;
	}
	while ((de = readdir(d))) {
		char *f;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		f = xasprintf("%s/%s", path, de->d_name);
		unlink(f);
		free(f);
	}
	closedir(d);
	rmdir(path);
}

void remove_stale_temporaries(const char *dir, const char *prefix)
{
	size_t n = strlen(prefix);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end, *path;
		long pid;

		if (strncmp(de->d_name, prefix, n) != 0)
			continue;
		errno = 0;
		pid = strtol(de->d_name + n, &end, 10);
		if (errno || end == de->d_name + n || pid <= 0 ||
		    pid > INT_MAX || (*end && *end != '-' && *end != '.'))
			continue;
		/* only a process that no longer exists: EPERM means it lives */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		remove_files_and_dir(path);
		free(path);
	}
	closedir(d);
}

bool parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

const char *short_option_value(const char *v)
{
	return v[0] == '=' && v[1] ? v + 1 : v;
}
