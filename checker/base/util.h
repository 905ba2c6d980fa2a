/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by every module: checked allocation, growable
 * arrays, string building and hashing. */
#ifndef GFPCHECK_UTIL_H
#define GFPCHECK_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

/* A growable array: struct { T *v; size_t n, cap; } */
#define STR_(x) #x
#define STR(x) STR_(x) /* a macro's value as a string literal */

#define VEC(T)                 \
	struct {               \
		T *v;          \
		size_t n, cap; \
	}
#define VEC_PUSH(vec, item)                                               \
	do {                                                              \
		if ((vec).n == (vec).cap) {                               \
			(vec).cap = (vec).cap ? (vec).cap * 2 : 8;        \
			(vec).v = xrealloc((vec).v,                       \
					   (vec).cap * sizeof(*(vec).v)); \
		}                                                         \
		(vec).v[(vec).n++] = (item);                              \
	} while (0)
#define VEC_FREE(vec)                    \
	do {                             \
		free((vec).v);           \
		(vec).v = NULL;          \
		(vec).n = (vec).cap = 0; \
	} while (0)

struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *sb_take(struct strbuf *sb); /* returns the string, resets sb */
void sb_free(struct strbuf *sb);

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);
uint64_t hash_str(const char *s);
char *hex64(uint64_t h); /* 16 lowercase hex digits, caller frees */

/* A map from strings to integers, by open addressing: the one hash table
 * of the checker.  Keys are borrowed: the caller keeps them alive as long
 * as the map.  Zero-initialised it is empty. */
struct strmap {
	const char **keys;
	int64_t *vals;
	size_t cap, n;
};
/* Sets key's value (a key already there takes the new one) */
void strmap_put(struct strmap *m, const char *key, int64_t val);
/* key's value, or `missing` */
int64_t strmap_get(const struct strmap *m, const char *key, int64_t missing);
void strmap_free(struct strmap *m); /* the table, not the keys */

/* Thread-safe set of strings (a strmap owning copies of its keys under a
 * lock): used to claim header functions. */
struct strset;
struct strset *strset_new(void);
bool strset_add(struct strset *set, const char *key); /* true if newly added */
bool strset_has(struct strset *set, const char *key);
void strset_free(struct strset *set);

/* The part of path strictly below directory dir ("a/b.c" for "/t/a/b.c"
 * in "/t"), or NULL when path is not below it (also when it is dir).  A
 * trailing '/' of dir is ignored; every path is below "". */
const char *path_under(const char *path, const char *dir);
char *path_relative_to_cwd(const char *path); /* caller frees */
/* Appends the rest of stream f to sb; false on a read error */
bool read_stream(FILE *f, struct strbuf *sb);
/* `-p=DIR`: getopt hands a short option's attached value over with the
 * '=' that long options take; this is the value without it. */
const char *short_option_value(const char *v);
/* A whole decimal number in [min, max] ("2abc", "", overflow: false). */
bool parse_int(const char *s, int min, int max, int *out);
char *read_whole_file(const char *path, size_t *len);
/* Removes what a killed gfpcheck left in `dir`: entries named
 * PREFIX<pid> or PREFIX<pid>[-.]... (a file, or a directory of files) whose process is
 * gone.  Entries of live processes and any other names are left alone. */
void remove_stale_temporaries(const char *dir, const char *prefix);

#endif
