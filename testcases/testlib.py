# SPDX-License-Identifier: GPL-2.0
"""Shared by the test runners (run_tests.py, engine_tests.py,
hostile_tests.py, kernel/run_kernel_test.py): PASS/FAIL bookkeeping, how
gfpcheck is run and its JSON report read, the completeness of a finding's
trace, the kernel version of a header directory, and how a run's output is
described.  What a test file expects is expectations.py's."""

import json
import re
import os
import signal
import subprocess

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


# The context a gfp-sleep-in-atomic message names ("in atomic context
# (spinlock held)") is the one its chain proves, so the chain's first step
# names it too; a raw spinlock, an NMI or an unthreaded handler hold the
# strict non-preemptive one.
CONTEXT_ORIGINS = {
    'strict non-preemptive context': ('spinlock held', 'hard-IRQ context', 'NMI'),
}
ATOMIC_CONTEXT_RE = re.compile(r'in atomic context \(([^()]*)\)$')


def context_unproven(finding):
    """Why the context a finding's message names is not the one its chain
    starts in, or None."""
    m = ATOMIC_CONTEXT_RE.search(finding.get('message') or '')
    if not m:
        return None
    trace = finding.get('trace') or []
    first = (trace[0].get('note') or '') if trace else ''
    ctx = m.group(1)
    if any(origin in first for origin in CONTEXT_ORIGINS.get(ctx, (ctx,))):
        return None
    return 'the message says %r, the chain starts %r' % (ctx, first)


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


def kernel_version(kdir):
    """(major, minor) of the kernel headers in kdir."""
    for name in ('include/config/kernel.release', 'include/generated/utsrelease.h'):
        try:
            with open(os.path.join(kdir, name)) as f:
                m = re.search(r'(\d+)\.(\d+)', f.read())
        except OSError:
            continue
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


class Runner:
    """Runs gfpcheck in the working directory cwd (the repository: the
    tests name their targets relative to it)."""

    def __init__(self, binary, sanitized, timeout, tmpdir, cwd):
        self.binary = binary
        self.cwd = cwd
        self.sanitized = sanitized
        self.timeout = timeout
        self.tmpdir = tmpdir
        self.env = dict(os.environ)
        if sanitized:
            self.env['ASAN_OPTIONS'] = 'detect_leaks=1:abort_on_error=1'
            self.env['UBSAN_OPTIONS'] = 'print_stacktrace=1:halt_on_error=1'
        self.counter = 0

    def fresh_db(self, tag):
        self.counter += 1
        return os.path.join(self.tmpdir, '%s-%d.db' % (tag, self.counter))

    def argv(self, args):
        return [self.binary] + list(args)

    def run(self, args):
        """(returncode, stdout, stderr); returncode None on timeout."""
        try:
            p = subprocess.run(self.argv(args), cwd=self.cwd, env=self.env,
                               stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=self.timeout)
        except subprocess.TimeoutExpired as e:
            return None, _text(e.stdout), _text(e.stderr)
        return p.returncode, _text(p.stdout), _text(p.stderr)

    def popen(self, args):
        return subprocess.Popen(self.argv(args), cwd=self.cwd, env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def scan(self, target, db, fmt='json'):
        return self.run(['scan', '-p', target, '--db', db, '--format', fmt])


def parse_scan_json(rc, out, err):
    """The parsed report, or raise AssertionError with a reason."""
    san = sanitizer_error(err)
    if san:
        raise AssertionError(san)
    if rc not in (0, 1):
        raise AssertionError('%s; stderr: %s' % (describe_rc(rc), first_lines(err) or '(empty)'))
    try:
        report = json.loads(out)
    except ValueError as e:
        raise AssertionError('output is not JSON (%s): %s' % (e, first_lines(out) or '(empty)'))
    if not isinstance(report, dict) or not isinstance(report.get('findings'), list) \
            or not isinstance(report.get('stats'), dict):
        raise AssertionError('JSON is not {"findings": [...], "stats": {...}}')
    return report


def norm_file(f, bases):
    if os.path.isabs(f):
        return os.path.realpath(f)
    for b in bases:
        cand = os.path.join(b, f)
        if os.path.exists(cand):
            return os.path.realpath(cand)
    return os.path.realpath(os.path.join(bases[0], f))


def chain_problems(f):
    """A gfp-sleep-in-atomic finding proves its context: every step of its
    trace names a file, a line and the function it is in (a store made by
    an assignment is inside a function, not at file scope)."""
    if f.get('rule') != 'gfp-sleep-in-atomic':
        return []
    where = '%s:%s' % (f.get('file'), f.get('line'))
    trace = f.get('trace') or []
    if len(trace) < 2:
        return ['%s: trace of %d steps (want the origin and the allocation)' % (where, len(trace))]
    out = []
    for t in trace:
        if step_missing(t):
            out.append('%s: incomplete step %r' % (where, t))
        elif '(assignment)' in str(t.get('note')) and t.get('function') == '(file scope)':
            out.append('%s: assignment step without its function: %r' % (where, t))
    return out
