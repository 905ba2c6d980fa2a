# SPDX-License-Identifier: GPL-2.0
"""Shared by the test runners (run_tests.py, hostile_tests.py,
kernel/run_kernel_test.py): PASS/FAIL bookkeeping, the completeness of a
finding's trace, and how a run's output is described."""

import re
import os
import signal

SANITIZER_MARKERS = ('runtime error', 'AddressSanitizer')


class Results:
    """prefix names the run in every line (the kernel version the suites
    were built against: `6.12/intra/trylock.c`)."""

    def __init__(self, prefix='', only=None):
        self.passed = 0
        self.failed = 0
        self.prefix = prefix + '/' if prefix else ''
        # a developer's --only PATTERN: the checks whose name it matches
        self.only = re.compile(only) if only else None

    def ok(self, name):
        self.passed += 1
        print('PASS %s%s' % (self.prefix, name), flush=True)

    def fail(self, name, reason, details=()):
        self.failed += 1
        print('FAIL %s%s: %s' % (self.prefix, name, reason), flush=True)
        for d in details:
            print('    %s' % d, flush=True)

    def check(self, name, fn):
        """fn passes unless it raises; an assertion's text is the reason."""
        if self.only and not self.only.search(name):
            return
        try:
            fn()
        except AssertionError as e:
            self.fail(name, str(e) or 'assertion failed')
        except Exception as e:  # a broken test is a failed test, not a crashed run
            self.fail(name, '%s: %s' % (type(e).__name__, e))
        else:
            self.ok(name)

    def verdict(self, name, failure, details=()):
        """failure: None (pass) or the reason."""
        if failure is None:
            self.ok(name)
        else:
            self.fail(name, failure, details)

    def summary(self):
        """Prints this run's counts; `make check` runs several runners and
        adds their counts up (GFPCHECK_TEST_TALLY names the file)."""
        print('%d passed, %d failed' % (self.passed, self.failed), flush=True)
        tally = os.environ.get('GFPCHECK_TEST_TALLY')
        if tally:
            with open(tally, 'a') as f:
                f.write('%d %d %s\n' % (self.passed, self.failed, self.prefix.rstrip('/') or '-'))


def step_missing(step):
    """What a trace step lacks of file, function and a line > 0."""
    missing = [k for k in ('file', 'function') if not step.get(k)]
    if not isinstance(step.get('line'), int) or step.get('line', 0) <= 0:
        missing.append('line > 0')
    return missing


def _text(b):
    if b is None:
        return ''
    if isinstance(b, str):
        return b
    return b.decode('utf-8', errors='replace')


def sanitizer_error(stderr):
    for marker in SANITIZER_MARKERS:
        if marker in stderr:
            for line in stderr.splitlines():
                if marker in line:
                    return 'sanitizer: ' + line.strip()
    return None


def first_lines(text, n=3):
    lines = [l for l in text.splitlines() if l.strip()]
    s = ' | '.join(lines[:n])
    if len(lines) > n:
        s += ' | ...'
    return s


def describe_rc(rc):
    if rc is None:
        return 'timed out'
    if rc < 0:
        try:
            return 'killed by %s' % signal.Signals(-rc).name
        except ValueError:
            return 'killed by signal %d' % -rc
    return 'exit status %d' % rc


def stored_state(db):
    """integrity_check, the stored findings and the number of TUs, read
    without writing (a read-only connection; `immutable` for a WAL
    database on read-only media, which nothing can change)."""
    import sqlite3
    con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    try:
        con.execute('SELECT count(*) FROM sqlite_master')
    except sqlite3.OperationalError:
        con.close()
        con = sqlite3.connect('file:%s?immutable=1' % db, uri=True)
    try:
        ok = con.execute('PRAGMA integrity_check').fetchone()[0]
        rows = sorted(con.execute('SELECT rule, line, message FROM findings').fetchall())
        ntus = con.execute('SELECT count(*) FROM tus').fetchone()[0]
    finally:
        con.close()
    return ok, rows, ntus
