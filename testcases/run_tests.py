#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test runner for gfpcheck.

    run_tests.py --gfpcheck build/gfpcheck [--suite intra ...] [--sanitized]
    run_tests.py --list-expectations [--suite intra ...]

A suite is a directory under testcases/ with a Kbuild file; its
compile_commands.json is written by `make -C testcases <suite>`.  Every .c
file of a suite is one test: the findings gfpcheck reports in that file,
as a multiset of (line, rule), must equal the `/* expect: rule[, rule] */`
comments of the file (their grammar is expectations.py's, shared with
engine_tests.py), and in the suites of GOLDEN_SUITES gfpcheck's text
output for the file (each finding located there with its `note:` chain)
must equal the file's `check-output-start` ... `check-output-end` block.
A header of the suite is a test too when it has expect comments or
findings; findings anywhere else fail the suite.  CLI
tests (exit codes, JSON shape, text format, SIGKILL robustness of the
database) are run on the intra suite.

Prints `PASS name` or `FAIL name: reason` per test and ends with
`N passed, N failed`.  Exit status: 0 all passed, 1 some failed, 2 usage or
input errors (missing binary, missing compile_commands.json, malformed
expect comments).
"""

import argparse
import collections
import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import workflow_tests  # beside this file: the script's directory is on sys.path
import hostile_tests
import engine_tests
import expectations
from expectations import (InputError, RULE_RE, parse_expectations, parse_known_misses, parse_golden,
                          required_version, finding_shows)
from testlib import (Results, Runner, _text, context_unproven, sanitizer_error, first_lines, describe_rc, stored_state,
                     parse_scan_json, norm_file, chain_problems, kernel_version)

PROG = os.path.basename(sys.argv[0])
TESTCASES = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTCASES)

# The suites whose every test must carry a golden block (elsewhere optional).
GOLDEN_SUITES = {'inter'}
# A text output line's leading path (finding `path:line:col:`, note `path:line:`).
TEXT_PATH_RE = re.compile(r'^(?P<file>[^\s:][^:]*):(?P<rest>\d+.*)$')

FINDING_KEYS = {'rule', 'severity', 'file', 'line', 'column', 'function',
                'message', 'flags', 'fingerprint', 'trace'}
TRACE_KEYS = {'file', 'line', 'function', 'note'}
STATS_KEYS = {'translation_units', 'parse_failures', 'functions', 'seconds', 'call_edges', 'indirect_call_edges',
              'atomic_functions', 'analysis_seconds'}
TOP_KEYS = {'findings', 'stats'}

# A finding: `path:line:col: warning: message [rule-id]` (or error:/note: for
# rules of that severity); then its trace as `note:` lines without a rule id.
TEXT_FINDING_RE = re.compile(r'^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): '
                             r'(?P<sev>warning|error|note): .* \[(?P<rule>[a-z][a-z0-9-]*)\]$')
TEXT_NOTE_RE = re.compile(r'^(?:\s+|[^\s:][^:]*:\d+(?::\d+)?: )note: ')

KILL_TIMINGS = (0.3, 1.5, 4.0)


def rel(path):
    """Path for display: relative to the repository when inside it."""
    return expectations.rel(path, ROOT)


# ---------------------------------------------------------------- suites

def find_suites(suites_dir):
    out = []
    for name in sorted(os.listdir(suites_dir)):
        d = os.path.join(suites_dir, name)
        if os.path.isdir(d) and os.path.isfile(os.path.join(d, 'Kbuild')):
            out.append(name)
    return out


def case_files(suites_dir, suite):
    """The suite's .c files: one translation unit and one test each."""
    d = os.path.join(suites_dir, suite)
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.endswith('.c') and not f.endswith('.mod.c'))


def suite_rules(suite):
    """The suite's own rules files (testcases/SUITE/*.rules), given to its
    scan as a user gives extra rules (--rules): kernel-API facts about the
    testcases' own functions, such as the state invariants of
    inter/state_invariant.c."""
    d = os.path.join(TESTCASES, suite)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith('.rules'))


def header_files(suites_dir, suite):
    """The suite's own headers: a test each when they hold expectations or
    findings."""
    d = os.path.join(suites_dir, suite)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith('.h'))


def golden_path(path, bases, suites_dir):
    """A path of gfpcheck's output as the golden blocks write it: relative
    to the suites directory (the same for every kernel version's copy); a
    kernel header from its include/ or arch/ directory on (`<kernel>/
    include/linux/x.h`)."""
    p = norm_file(path, bases)
    r = os.path.relpath(p, suites_dir)
    if not r.startswith('..'):
        return r
    m = re.search(r'/((?:include|arch)/.*)$', p)
    return '<kernel>/' + m.group(1) if m else p


def text_by_file(out, bases, suites_dir):
    """{real path: [line]}: the text output's findings, each with its notes,
    under the file the finding is located in, paths as golden_path()."""
    by_file = collections.defaultdict(list)
    cur = None
    for line in out.splitlines():
        if not line.strip():
            continue
        m = TEXT_FINDING_RE.match(line)
        if m:
            cur = by_file[norm_file(m.group('file'), bases)]
        if cur is None:
            continue  # check_text_format fails a note before any finding
        pm = TEXT_PATH_RE.match(line)
        if pm:
            line = '%s:%s' % (golden_path(pm.group('file'), bases, suites_dir), pm.group('rest'))
        # a path inside a note (`initializer in inter/x.c`): shown as the
        # finding's own file is, relative to the working directory (the
        # repository) when under it, else absolute
        dirs = [os.path.abspath(suites_dir), os.path.realpath(suites_dir)]
        if not os.path.relpath(suites_dir, ROOT).startswith('..'):
            dirs.append(os.path.relpath(suites_dir, ROOT))
        for d in dict.fromkeys(dirs):
            line = line.replace(' ' + d + '/', ' ').replace('(' + d + '/', '(')
        cur.append(line)
    return by_file


def golden_problem(path, suite, got, version):
    """(reason or None, lines) for the golden block of path against got (its
    text output lines) on Linux version (major, minor), or None when not
    known: a failure with its details, or None with lines to show under the
    passing test (a known failure's diff)."""
    blocks, known_versions = parse_golden(path, root=ROOT)
    known = None in known_versions or version in known_versions
    if not blocks:
        if suite not in GOLDEN_SUITES:
            return None, []
        return ('no golden output (add a check-output-start block; see docs/ARCHITECTURE.md)',
                ['actual output:'] + ['  ' + l for l in got] if got else ['actual output: none'])
    want = blocks.get(version, blocks.get(None))
    if want is None:
        return ('no golden output for Linux %s (blocks: %s)'
                % ('%d.%d' % version if version else '? (pass --kdir)',
                   ', '.join('%d.%d' % v for v in blocks if v)), [])
    if want == got:
        if known:
            return None, ['check-known-to-fail, but the output now equals the golden block: '
                          '%s (remove the marker)' % rel(path)]
        return None, []
    diff = list(difflib.unified_diff(want, got, 'golden', 'gfpcheck', n=1, lineterm=''))
    if len(diff) > 40:
        diff = diff[:40] + ['... (%d more diff lines)' % (len(diff) - 40)]
    if known:
        return None, ['known to fail (check-known-to-fail): %s: the output differs from the '
                      'golden block' % rel(path)] + ['  ' + d for d in diff]
    return 'text output differs from the golden block', diff


def load_compdb(suites_dir, suite):
    path = os.path.join(suites_dir, suite, 'compile_commands.json')
    how = 'build it with: make -C %s %s' % (rel(suites_dir), suite)
    if not os.path.isfile(path):
        raise InputError('%s is missing; %s' % (rel(path), how))
    try:
        with open(path, encoding='utf-8') as f:
            db = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError('%s is unreadable (%s); %s' % (rel(path), e, how))
    if not isinstance(db, list):
        raise InputError('%s is not a JSON array; %s' % (rel(path), how))
    files = set()
    for e in db:
        if isinstance(e, dict) and isinstance(e.get('file'), str):
            f = e['file']
            if not os.path.isabs(f):
                f = os.path.join(e.get('directory', ''), f)
            files.add(os.path.realpath(f))
    missing = [c for c in case_files(suites_dir, suite) if os.path.realpath(c) not in files]
    if missing:
        raise InputError('%s does not list %s; it is stale, %s'
                         % (rel(path), ', '.join(rel(m) for m in missing[:5]), how))
    return db


# ---------------------------------------------------------------- running gfpcheck

def describe_diff(want, got, limit=3):
    """'(first: ...)' text naming a few (file, line, rule) keys that differ."""
    items = ['missing %s:%s %s' % (rel(f), l, r) for f, l, r in sorted(want - got, key=str)]
    items += ['extra %s:%s %s' % (rel(f), l, r) for f, l, r in sorted(got - want, key=str)]
    if not items:
        return ''
    more = ', ...' if len(items) > limit else ''
    return ' (%s%s)' % (', '.join(items[:limit]), more)


def finding_key_set(report, bases):
    out = set()
    for f in report['findings']:
        if isinstance(f, dict):
            out.add((norm_file(str(f.get('file')), bases), f.get('line'), f.get('rule')))
    return out


# ---------------------------------------------------------------- suite tests

def run_suite(runner, results, suites_dir, suite, version):
    """Run one suite of suites_dir, built against Linux version (major,
    minor) or None; returns the parsed report (or None) and the db path."""
    suite_dir = os.path.join(suites_dir, suite)
    target = os.path.relpath(suite_dir, ROOT)
    cases = case_files(suites_dir, suite)
    headers = header_files(suites_dir, suite)
    expected = {c: parse_expectations(c, root=ROOT) for c in cases + headers}
    db = runner.fresh_db(suite)
    # one run writes both reports: the JSON for the findings, the text for
    # the golden blocks
    text_path = db + '.txt'
    rules = [a for r in suite_rules(suite) for a in ('--rules', r)]
    rc, out, err = runner.run(['scan', '-p', target, '--db', db] + rules +
                              ['--format', 'text', '-o', text_path, '--format', 'json'])

    try:
        report = parse_scan_json(rc, out, err)
        with open(text_path, encoding='utf-8', errors='replace') as f:
            text_out = f.read()
    except (AssertionError, OSError) as e:
        results.fail('%s/scan' % suite, str(e))
        for c in cases + [h for h in headers if expected[h]]:
            results.fail('%s/%s' % (suite, os.path.basename(c)), 'no scan results')
        return None, db

    bases = [ROOT, suite_dir]
    by_file = collections.defaultdict(list)
    for f in report['findings']:
        if not isinstance(f, dict):
            continue
        by_file[norm_file(str(f.get('file')), bases)].append(f)
    text_lines = text_by_file(text_out, bases, suites_dir)

    # suite-level checks
    problems = []
    # what a user reads: no path under the working directory (the
    # repository, where the suites are built by `make test`) is absolute,
    # in a finding's location or in a note
    if not os.path.relpath(suites_dir, ROOT).startswith('..'):
        absolute = [l for l in text_out.splitlines() if ROOT + '/' in l]
        if absolute:
            problems.append('%d text lines name a path under the working directory absolutely, e.g. %s'
                            % (len(absolute), absolute[0]))
    stats = report['stats']
    if stats.get('parse_failures') != 0:
        problems.append('stats.parse_failures = %r (want 0)' % stats.get('parse_failures'))
    if stats.get('translation_units') != len(cases):
        problems.append('stats.translation_units = %r (want %d, the number of .c files)'
                        % (stats.get('translation_units'), len(cases)))
    want_rc = 1 if report['findings'] else 0
    if rc != want_rc:
        problems.append('exit status %d with %d findings (want %d)' % (rc, len(report['findings']), want_rc))
    for fl in by_file.values():
        for f in fl:
            problems.extend(chain_problems(f))
    case_set = {os.path.realpath(c) for c in cases + headers}
    outside = [(p, f) for p, fl in by_file.items() if p not in case_set for f in fl]
    if outside:
        problems.append('%d findings outside the test files' % len(outside))
    details = ['%s:%s %s %s' % (rel(p), f.get('line'), f.get('rule'), f.get('message'))
               for p, f in outside]
    if problems:
        results.fail('%s/scan' % suite, '; '.join(problems), details)
    else:
        results.ok('%s/scan' % suite)

    tested = cases + [h for h in headers
                      if expected[h] or os.path.realpath(h) in by_file]
    for c in tested:
        name = '%s/%s' % (suite, os.path.basename(c))
        since = required_version(c)
        if since and version and version < since:
            if by_file.get(os.path.realpath(c)):
                results.fail(name, 'findings in a test that needs %d.%d (built against %d.%d)'
                             % (since + version))
            else:
                print('SKIP %s%s: needs Linux %d.%d' % (results.prefix, name, since[0], since[1]))
            continue
        misses = parse_known_misses(c, root=ROOT)
        got = collections.Counter()
        msgs = collections.defaultdict(list)
        found = collections.defaultdict(list)
        for f in by_file.get(os.path.realpath(c), []):
            key = (f.get('line'), f.get('rule'))
            got[key] += 1
            msgs[key].append(f.get('message'))
            found[key].append(f)
        want = expected[c]
        missing = want - got
        extra = got - want
        now_found = extra & misses
        extra -= now_found
        shown = {}
        parse_expectations(c, shown, root=ROOT)
        unshown = []
        for (line, rule), reqs in sorted(shown.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            for sev, frags in reqs:
                if found[(line, rule)] and not any(finding_shows(f, sev, frags) for f in found[(line, rule)]):
                    unshown.append('wrong:   %s:%s %s: want%s%s; got %s'
                                   % (rel(c), line, rule, ' severity ' + sev if sev else '',
                                      ''.join(' "%s"' % x for x in frags) + ' in the message or chain'
                                      if frags else '',
                                      '; '.join('%s %r' % (f.get('severity'), f.get('message'))
                                                for f in found[(line, rule)])))
        reasons, details = [], []
        if unshown:
            reasons.append('%d findings do not show what they should' % len(unshown))
            details += unshown
        if missing or extra:
            reasons.append('%d missing, %d extra' % (sum(missing.values()), sum(extra.values())))
        for (line, rule), n in sorted(missing.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            for _ in range(n):
                details.append('missing: %s:%s %s' % (rel(c), line, rule))
        for (line, rule), n in sorted(extra.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
            for i in range(n):
                m = msgs[(line, rule)]
                details.append('extra:   %s:%s %s %s' % (rel(c), line, rule, m[i] if i < len(m) else ''))
        golden_failure, golden_lines = golden_problem(c, suite, text_lines.get(os.path.realpath(c), []), version)
        if golden_failure:
            reasons.append(golden_failure)
            details += golden_lines
        if reasons:
            results.fail(name, '; '.join(reasons), details)
            continue
        results.ok(name)
        for line in golden_lines:
            print('    %s' % line)
        for (line, rule) in sorted(now_found):
            print('    known miss now reported: %s:%s %s (make it an expect comment)'
                  % (rel(c), line, rule))
    return report, db


# ---------------------------------------------------------------- CLI tests

def expect_usage_error(runner, args):
    def test():
        rc, out, err = runner.run(args)
        san = sanitizer_error(err)
        assert not san, san
        assert rc == 2, '%s (want 2); stderr: %s' % (describe_rc(rc), first_lines(err) or '(empty)')
        lines = [l for l in err.splitlines() if l.strip()]
        assert len(lines) == 1, 'want a one-line message on stderr, got %d lines: %s' % (len(lines), first_lines(err, 4) or '(empty)')
    return test


def check_type(v, types, what):
    if bool in types:
        ok = isinstance(v, types)
    else:
        ok = isinstance(v, types) and not isinstance(v, bool)
    assert ok, '%s has type %s' % (what, type(v).__name__)


def check_json_shape(report):
    assert set(report) == TOP_KEYS, 'top-level keys %s (want %s)' % (sorted(report), sorted(TOP_KEYS))
    stats = report['stats']
    assert set(stats) == STATS_KEYS, 'stats keys %s (want %s)' % (sorted(stats), sorted(STATS_KEYS))
    for k in ('translation_units', 'parse_failures', 'functions', 'call_edges', 'indirect_call_edges',
              'atomic_functions'):
        check_type(stats[k], (int,), 'stats.%s' % k)
        assert stats[k] >= 0, 'stats.%s is negative' % k
    for k in ('seconds', 'analysis_seconds'):
        check_type(stats[k], (int, float), 'stats.%s' % k)
        assert stats[k] >= 0, 'stats.%s is negative' % k
    assert stats['indirect_call_edges'] <= stats['call_edges'], 'more indirect edges than edges'
    assert report['findings'], 'no findings to check (the intra suite has expectations)'
    for i, f in enumerate(report['findings']):
        w = 'findings[%d]' % i
        check_type(f, (dict,), w)
        assert set(f) == FINDING_KEYS, '%s keys %s (want %s)' % (w, sorted(f), sorted(FINDING_KEYS))
        for k in ('rule', 'severity', 'file', 'function', 'message'):
            check_type(f[k], (str,), '%s.%s' % (w, k))
            assert f[k], '%s.%s is empty' % (w, k)
        assert RULE_RE.match(f['rule']), '%s.rule %r is not a rule id' % (w, f['rule'])
        assert isinstance(f['fingerprint'], str) and re.match(r'^[0-9a-f]{16}$', f['fingerprint']), \
            '%s.fingerprint %r is not 16 hex digits' % (w, f['fingerprint'])
        for k in ('line', 'column'):
            check_type(f[k], (int,), '%s.%s' % (w, k))
            assert f[k] >= 1, '%s.%s = %d' % (w, k, f[k])
        assert f['flags'] is None or isinstance(f['flags'], str), '%s.flags has type %s' % (w, type(f['flags']).__name__)
        check_type(f['trace'], (list,), '%s.trace' % w)
        for j, t in enumerate(f['trace']):
            tw = '%s.trace[%d]' % (w, j)
            check_type(t, (dict,), tw)
            assert set(t) == TRACE_KEYS, '%s keys %s (want %s)' % (tw, sorted(t), sorted(TRACE_KEYS))
            for k in ('file', 'function', 'note'):
                check_type(t[k], (str,), '%s.%s' % (tw, k))
            check_type(t['line'], (int,), '%s.line' % tw)
            assert t['line'] >= 1, '%s.line = %d' % (tw, t['line'])
        unproven = context_unproven(f)
        assert not unproven, '%s (%s:%d): %s' % (w, f['file'], f['line'], unproven)


def check_text_format(runner, target, db, json_report, bases):
    rc, out, err = runner.scan(target, db, fmt='text')
    san = sanitizer_error(err)
    assert not san, san
    assert rc in (0, 1), '%s; stderr: %s' % (describe_rc(rc), first_lines(err) or '(empty)')
    text = collections.Counter()
    seen_finding = False
    for n, line in enumerate(out.splitlines(), 1):
        if not line.strip():
            continue
        m = TEXT_FINDING_RE.match(line)
        if m:
            seen_finding = True
            text[(norm_file(m.group('file'), bases), int(m.group('line')),
                  m.group('rule'), m.group('sev'))] += 1
            continue
        if TEXT_NOTE_RE.match(line):
            assert seen_finding, 'line %d: note before any finding: %s' % (n, line)
            continue
        raise AssertionError('line %d is neither a finding nor a note: %s' % (n, line))
    want = collections.Counter(
        (norm_file(str(f.get('file')), bases), f.get('line'), f.get('rule'), f.get('severity'))
        for f in json_report['findings'] if isinstance(f, dict))
    nfind = sum(text.values())
    assert nfind == len(json_report['findings']), \
        '%d finding lines, but the JSON report has %d findings' % (nfind, len(json_report['findings']))
    only_text, only_json = text - want, want - text
    assert not only_text and not only_json, \
        'text and JSON findings differ: %d only in text (first: %s), %d only in JSON (first: %s)' % (
            sum(only_text.values()), _first(only_text), sum(only_json.values()), _first(only_json))
    assert (rc == 1) == bool(nfind), 'exit status %d with %d findings' % (rc, nfind)


def _first(counter):
    if not counter:
        return '-'
    f, line, rule, sev = sorted(counter, key=str)[0]
    return '%s:%s %s %s' % (rel(f), line, sev, rule)


def check_sigkill(runner, tmpdir, entries, target, delay, baseline, bases, complete):
    """A re-scan of an existing database killed mid-run (while it parses and
    writes the TUs the first scan did not have) leaves that database as the
    first scan left it; the next scan gives the uninterrupted findings.
    entries: target's compile database; complete: the stored state of an
    uninterrupted scan of target."""
    half = os.path.join(tmpdir, 'kill-half-%.1f' % delay)
    os.makedirs(half, exist_ok=True)
    with open(os.path.join(half, 'compile_commands.json'), 'w') as f:
        json.dump(entries[:len(entries) // 2], f)
    db = runner.fresh_db('kill')
    rc, out, err = runner.scan(half, db)
    assert rc in (0, 1), 'first scan: %s; %s' % (describe_rc(rc), first_lines(_text(err)))
    before = stored_state(db)
    assert before[0] == 'ok' and before[1] and before[2] == len(entries) // 2, 'first scan stored %s' % (before,)
    p = runner.popen(['scan', '-p', target, '--db', db, '--format', 'json'])
    time.sleep(delay)
    assert p.poll() is None, 'the re-scan ended within %.1f s: the kill proves nothing' % delay
    p.send_signal(signal.SIGKILL)
    _, err = p.communicate()
    assert p.returncode == -signal.SIGKILL, 'the re-scan was not killed: %s' % describe_rc(p.returncode)
    san = sanitizer_error(_text(err))
    assert not san, 'interrupted run: ' + san
    after = stored_state(db)
    # The latest kill may land after the re-scan committed (it then prints
    # its report): the database must then hold the re-scan's complete
    # state, the one an uninterrupted scan stores.  The earliest kill lands
    # while it parses on any machine and must find the first state.
    committed = delay > KILL_TIMINGS[0] and after == complete
    assert after == before or committed, 'after SIGKILL at %.1fs the database is neither the previous nor the ' \
        'complete state: integrity %s, %d findings (was %d, complete %d), %d TUs (was %d, complete %d)' % (
            delay, after[0], len(after[1]), len(before[1]), len(complete[1]), after[2], before[2], complete[2])
    rc, out, err = runner.scan(target, db)
    report = parse_scan_json(rc, out, err)
    got = finding_key_set(report, bases)
    assert got == baseline, 'after SIGKILL at %.1fs: %d findings missing, %d extra compared with an uninterrupted scan%s' % (
        delay, len(baseline - got), len(got - baseline), describe_diff(baseline, got))
    assert report['stats'].get('parse_failures') == 0, \
        'after SIGKILL: stats.parse_failures = %r' % report['stats'].get('parse_failures')


def clean_compdb(tmpdir, compdb):
    """A one-file compile database for a file without findings, built from
    one of the suite's real kbuild commands."""
    entry = next(e for e in compdb if isinstance(e, dict) and 'command' in e and 'file' in e)
    src = os.path.join(tmpdir, 'clean_case.c')
    with open(src, 'w') as f:
        f.write('// SPDX-License-Identifier: GPL-2.0\n'
                '#include <linux/module.h>\n'
                '#include <linux/slab.h>\n'
                '#include <linux/spinlock.h>\n\n'
                'void *clean_alloc(spinlock_t *lock, size_t size)\n{\n'
                '\tvoid *p = kmalloc(size, GFP_KERNEL);\n\n'
                '\tspin_lock(lock);\n\tspin_unlock(lock);\n\treturn p;\n}\n\n'
                'MODULE_LICENSE("GPL");\n')
    old = entry['file']
    old_obj = os.path.splitext(old)[0] + '.o'
    cmd = entry['command']
    cmd = cmd.replace(os.path.join(os.path.dirname(old), '.' + os.path.basename(old_obj) + '.d'),
                      os.path.join(tmpdir, '.clean_case.o.d'))
    cmd = cmd.replace(old_obj, os.path.join(tmpdir, 'clean_case.o'))
    cmd = cmd.replace(old, src)
    base = os.path.splitext(os.path.basename(old))[0]
    cmd = cmd.replace('"%s"' % base, '"clean_case"').replace('kmod_%s' % base, 'kmod_clean_case')
    d = os.path.join(tmpdir, 'clean')
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'compile_commands.json'), 'w') as f:
        json.dump([{'directory': entry['directory'], 'file': src, 'command': cmd}], f, indent=2)
    return d


def check_explain_forms(runner, report, db):
    """explain takes FILE:LINE, FILE:LINE:COL as printed, and any line of a
    finding's chain; -p names the compile database file or its directory."""
    f = next((f for f in report['findings']
              if any(t.get('line') != f.get('line') for t in f.get('trace') or [])), None)
    assert f, 'no finding with a chain step on another line in the suite'
    src = os.path.join(ROOT, f['file']) if not os.path.isabs(f['file']) else f['file']
    step = next(t for t in f['trace'] if t.get('line') != f.get('line'))
    for where in ('%s:%d' % (src, f['line']), '%s:%d:%d' % (src, f['line'], f['column']),
                  '%s:%d' % (os.path.join(ROOT, step['file']) if not os.path.isabs(step['file']) else step['file'],
                             step['line'])):
        rc, out, err = runner.run(['explain', '--db', db, '--format', 'json', where])
        assert rc == 1, 'explain %s: %s; stderr: %s' % (where, describe_rc(rc), first_lines(err))
        got = json.loads(out)['findings']
        assert any(g['rule'] == f['rule'] and g['line'] == f['line'] and g['message'] == f['message']
                   for g in got), 'explain %s does not show the finding at line %d' % (where, f['line'])
    # in text, after the finding and its chain: why the rule matters and the fix, from its page
    rc, out, err = runner.run(['explain', '--db', db, '%s:%d' % (src, f['line'])])
    with open(os.path.join(ROOT, 'docs', 'rules', f['rule'] + '.md')) as p:
        page = p.read()
    why = page.split('## Why', 1)[1].strip().splitlines()[0]
    fixed = next(l for l in page.splitlines() if l.startswith('Fixed'))
    assert rc == 1 and f['message'] in out, 'explain (text): %s %s' % (describe_rc(rc), first_lines(err))
    assert '%s: why it matters' % f['rule'] in out and why in out and fixed in out, \
        'explain does not add the rule page\'s reasoning and fix: %s' % out[-600:]
    assert out.index(f['message']) < out.index(why) < out.index(fixed), 'the reasoning is not after the finding'


def check_rule_registry(runner):
    """`gfpcheck rules`, the README's rule table and docs/rules/ agree."""
    rc, out, err = runner.run(['rules'])
    assert rc == 0, 'gfpcheck rules: exit %r: %s' % (rc, err.strip())
    listed = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].startswith('gfp-'):
            listed[parts[0]] = parts[1]
    assert len(listed) >= 4, 'gfpcheck rules listed %d rules' % len(listed)
    with open(os.path.join(ROOT, 'README.md')) as f:
        table = dict(re.findall(r'^\|\s*`(gfp-[a-z-]+)`\s*\|\s*(\w+)\s*\|', f.read(), re.M))
    assert table == listed, 'README rule table %r != gfpcheck rules %r' % (table, listed)
    for rule in listed:
        page = os.path.join(ROOT, 'docs', 'rules', rule + '.md')
        assert os.path.isfile(page), 'no rule page %s' % rel(page)
        with open(page) as f:
            text = f.read()
        for heading in ('## Why', '## Example', '## Silencing'):
            assert heading in text, '%s has no "%s" section' % (rel(page), heading)
        assert '```c' in text, '%s has no C example' % rel(page)
        # what `explain` shows after a finding: the reasoning and the fix
        fixed = text.find('\nFixed')
        code = text.find('```c\n', fixed)
        assert fixed >= 0 and code > 0 and '\n## ' not in text[fixed:code] and '```' in text[code + 5:], \
            '%s has no "Fixed" line followed by the fixed code' % rel(page)


def run_cli_tests(runner, results, tmpdir, suites_dir, report, suite_db):
    suite = 'intra'
    suite_dir = os.path.join(suites_dir, suite)
    target = os.path.relpath(suite_dir, ROOT)
    bases = [ROOT, suite_dir]

    results.check('cli/rule-registry', lambda: check_rule_registry(runner))

    def p_equals():
        rc, out, err = runner.run(['scan', '-p=' + target, '--db', runner.fresh_db('cli'), '--format', 'json', '-q'])
        assert rc in (0, 1), '-p=DIR: %s; stderr: %s' % (describe_rc(rc), first_lines(err))
        assert json.loads(out)['stats']['translation_units'] > 0, '-p=DIR scanned nothing'
    results.check('cli/p-equals-dir', p_equals)

    # several formats in one run: each file is what a run with that format
    # alone prints; at most one format goes to stdout
    def several_outputs():
        db = runner.fresh_db('outs')
        sarif, js = os.path.join(tmpdir, 'outs.sarif'), os.path.join(tmpdir, 'outs.json')
        rc, out, err = runner.run(['scan', '-p', target, '--db', db, '--format', 'github', '--format', 'sarif',
                                   '-o', sarif, '--format', 'json', '--output', js, '-q'])
        assert rc == 1, 'scan with three outputs: %s; %s' % (describe_rc(rc), first_lines(err))
        rc, gh_alone, err = runner.run(['scan', '-p', target, '--db', db, '--format', 'github', '-q'])
        assert out == gh_alone and out.startswith('::'), 'stdout is not the github report: %r' % out[:200]
        rc, js_alone, err = runner.run(['scan', '-p', target, '--db', db, '--format', 'json', '-q'])
        with open(js) as f:
            written = json.load(f)['findings']
        assert written == json.loads(js_alone)['findings'] and written, '-o FILE json differs from stdout json'
        with open(sarif) as f:
            results = json.load(f)['runs'][0]['results']
        assert len(results) == len(written), 'SARIF has %d results for %d findings' % (len(results), len(written))
        assert not [n for n in os.listdir(tmpdir) if n.endswith('.tmp')], 'a temporary file was left behind'
    results.check('cli/several-outputs-one-run', several_outputs)

    # a tree of one file, compiled by one of the suite's kbuild commands
    good = [e for e in load_compdb(suites_dir, suite) if isinstance(e, dict)]

    def write_cdb(name, text):
        d = os.path.join(tmpdir, 'cdb-' + name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'compile_commands.json'), 'w') as f:
            f.write(text)
        return d

    def entry_for(name, text):
        src = os.path.join(tmpdir, name)
        with open(src, 'w') as f:
            f.write(text)
        e = dict(good[0])
        e['command'] = re.sub(r'-Wp,-MMD,\S+', '', e['command'].replace(e['file'], src))
        e['file'] = src
        return e

    # the engine's view of one function: a callee that drops the caller's
    # lock, and a test of an unchanged parameter
    dropped = ('#include <linux/slab.h>\n#include <linux/spinlock.h>\nstatic DEFINE_SPINLOCK(l);\n'
               'static noinline void drop(void)\n{\n\tspin_unlock(&l);\n}\n'
               'void *f(int n, bool locked)\n{\n\tvoid *p;\n\n\tspin_lock(&l);\n\tif (locked)\n\t\tn++;\n'
               '\tdrop();\n\tp = kmalloc(n, GFP_KERNEL);\n\treturn p;\n}\n')

    def debug_views():
        cdb = write_cdb('debug', json.dumps([entry_for('debug_views.c', dropped)]))
        db = runner.fresh_db('debug')
        rc, out, err = runner.run(['scan', '-p', cdb, '--db', db, '-q'])
        assert rc == 0 and out == '', 'scan: %s %s %s' % (describe_rc(rc), out, first_lines(err, 4))
        lock, call, alloc = (next(i for i, l in enumerate(dropped.splitlines(), 1) if t in l)
                             for t in ('spin_lock(&l);', 'drop();', 'kmalloc('))
        rc, out, err = runner.run(['debug', 'flow', '--db', db, 'f'])
        lines = out.splitlines()
        assert rc == 0 and lines and lines[0].startswith('f (') and 'debug_views.c:' in lines[0], \
            'debug flow f: %s %r %s' % (describe_rc(rc), out[:300], first_lines(err, 3))
        assert '  %d drop(): spinlock held (0x1) from %d [its summary releases spinlock held (0x1)]' % (call, lock) \
            in lines, 'the call to drop(): %r' % out
        assert '  %d kmalloc(n, GFP_KERNEL): -' % alloc in lines, 'after drop(): %r' % out
        rc, out, err = runner.run(['debug', 'flow', '--db', db, 'drop'])
        assert rc == 0 and 'releases what it did not take: spinlock held (0x1);' in out, 'drop: %r' % out
        rc, out, err = runner.run(['debug', 'cfg', '--db', db, 'f'])
        blocks = out.splitlines()[1:]
        assert rc == 0 and any('(entry)' in b and 'spin_lock:%d' % lock in b for b in blocks), 'cfg: %r' % out
        tests = [b for b in blocks if ' param1' in b or ' !param1' in b]
        assert len(tests) == 2 and any(' !param1' in b for b in tests), 'the two outcomes of `locked`: %r' % out
        rc, out, err = runner.run(['debug', 'flow', '--db', db, 'no_such_function'])
        assert rc == 1 and 'no_such_function' in err, 'an unknown function: %s %r' % (describe_rc(rc), err)
    results.check('cli/debug-cfg-and-flow', debug_views)
    def help_per_command():
        for cmd in ('scan', 'diff', 'merge', 'explain', 'hook'):
            rc, out, err = runner.run([cmd, '--help'])
            assert rc == 0, '%s --help: %s (want 0); stderr: %s' % (cmd, describe_rc(rc), first_lines(err) or '(empty)')
            assert out.startswith('usage: gfpcheck %s' % cmd), '%s --help: stdout %r (want its usage)' % (
                cmd, first_lines(out))
            others = [c for c in ('scan', 'diff', 'merge', 'explain', 'hook') if c != cmd]
            assert not any('gfpcheck %s ' % c in out for c in others), '%s --help shows other commands' % cmd
        rc, out, err = runner.run(['--help'])
        assert rc == 0 and all('gfpcheck %s' % c in out for c in ('scan', 'diff', 'merge', 'explain', 'hook')), \
            'gfpcheck --help does not list every command: %s' % first_lines(out)
    results.check('cli/help-per-command', help_per_command)

    if report is None:
        for name in ['cli/json-shape', 'cli/text-format', 'cli/clean-exit-status', 'cli/rescan-same-db'] + \
                ['cli/sigkill-rescan-%.1fs' % t for t in KILL_TIMINGS]:
            results.fail(name, 'the %s scan failed' % suite)
        return

    results.check('cli/json-shape', lambda: check_json_shape(report))
    results.check('cli/explain-any-step', lambda: check_explain_forms(runner, report, suite_db))
    results.check('cli/text-format', lambda: check_text_format(runner, target, suite_db, report, bases))

    def clean_exit():
        d = clean_compdb(tmpdir, load_compdb(suites_dir, suite))
        rc, out, err = runner.scan(d, runner.fresh_db('clean'))
        r = parse_scan_json(rc, out, err)
        assert r['findings'] == [], '%d findings in a file without bugs' % len(r['findings'])
        assert rc == 0, 'exit status %d without findings (want 0)' % rc
        assert r['stats'].get('translation_units') == 1, \
            'stats.translation_units = %r (want 1)' % r['stats'].get('translation_units')
    results.check('cli/clean-exit-status', clean_exit)

    def explain_p_file():
        os.makedirs(os.path.join(tmpdir, 'explain-p'), exist_ok=True)
        d = clean_compdb(os.path.join(tmpdir, 'explain-p'), load_compdb(suites_dir, suite))
        rc, out, err = runner.run(['scan', '-p', d, '-q'])
        assert rc == 0, 'scan with the default database: %s %s' % (describe_rc(rc), first_lines(err))
        with open(os.path.join(d, 'compile_commands.json')) as f:
            src = json.load(f)[0]['file']
        rc, out, err = runner.run(['explain', '-p', os.path.join(d, 'compile_commands.json'), src + ':1'])
        assert rc == 0 and 'no database' not in err, \
            'explain -p FILE: %s; stderr: %s' % (describe_rc(rc), first_lines(err))
    results.check('cli/explain-p-file', explain_p_file)

    baseline = finding_key_set(report, bases)

    def rescan():
        rc, out, err = runner.scan(target, suite_db)
        r = parse_scan_json(rc, out, err)
        got = finding_key_set(r, bases)
        assert got == baseline, 'second scan on the same db: %d findings missing, %d extra%s' % (
            len(baseline - got), len(got - baseline), describe_diff(baseline, got))
    results.check('cli/rescan-same-db', rescan)

    complete = stored_state(suite_db)
    for t in KILL_TIMINGS:
        results.check('cli/sigkill-rescan-%.1fs' % t,
                      lambda t=t: check_sigkill(runner, tmpdir, load_compdb(suites_dir, suite), target, t,
                                                    baseline, bases, complete))


# ---------------------------------------------------------------- main

def check_module_cycles(binary):
    """Data flows one way between the checker's modules: no include or call
    cycle, and none from a folder of checker/ to a higher layer's
    (module_deps.py over the objects the binary was linked from)."""
    bdir = os.path.dirname(os.path.abspath(binary))
    objdir = os.path.join(bdir, 'obj') if os.path.isdir(os.path.join(bdir, 'obj')) else bdir
    here = os.path.dirname(os.path.abspath(__file__))
    p = subprocess.run([sys.executable, os.path.join(here, 'module_deps.py'), '--objdir', objdir,
                        '--src', os.path.join(os.path.dirname(here), 'checker')],
                       capture_output=True, text=True)
    assert p.returncode == 0, (p.stdout + p.stderr).strip()


STMT_KIND_RE = re.compile(r'\bCXCursor_[A-Za-z]*Stmt\b')


def check_statements_read_in_ctl():
    """ctl.c is the one reading of C's statements (ctl_stmt()): no other
    checker source names a libclang statement kind (CXCursor_IfStmt, ...;
    CXCursor_StmtExpr is an expression and does not match)."""
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'checker')
    found = []
    for root, _dirs, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith('.c') or f == 'ctl.c':
                continue
            path = os.path.join(root, f)
            with open(path, encoding='utf-8', errors='replace') as fh:
                for no, line in enumerate(fh, 1):
                    for m in STMT_KIND_RE.finditer(line):
                        found.append('%s:%d: %s' % (os.path.relpath(path, src), no, m.group(0)))
    assert not found, 'statement kinds outside ctl.c (use ctl_stmt()):\n' + '\n'.join(found)


def main():
    ap = argparse.ArgumentParser(prog=PROG, description='Run the gfpcheck test suites.')
    ap.add_argument('--gfpcheck', metavar='PATH', help='the gfpcheck binary (e.g. build/gfpcheck)')
    ap.add_argument('--suite', action='append', metavar='NAME',
                    help='suite to run (repeatable; default: every testcases/*/ with a Kbuild file)')
    ap.add_argument('--sanitized', action='store_true',
                    help='the binary is an ASan/UBSan build: fail on sanitizer reports')
    ap.add_argument('--list-expectations', action='store_true',
                    help='print the expectations of the selected suites and exit')
    ap.add_argument('--no-cli', action='store_true', help='skip the CLI and hostile-input tests')
    ap.add_argument('--only', metavar='PATTERN',
                    help='run only the CLI, hostile-input and workflow checks whose name matches (a regular expression)')
    ap.add_argument('--no-workflow', action='store_true',
                    help='skip the workflow tests (git hook, pre-commit, SARIF, incremental)')
    ap.add_argument('--timeout', type=float, default=1800, metavar='SECONDS',
                    help='time limit for one gfpcheck run (default: %(default)s)')
    ap.add_argument('--keep-tmp', action='store_true', help='keep the temporary directory')
    ap.add_argument('--tag', default='', metavar='NAME',
                    help='prefix of every test name (the kernel version: 6.1, 6.12)')
    ap.add_argument('--kdir', metavar='DIR',
                    help='the kernel headers the suites were built against (for the workflow '
                         'tests, which build a module of their own)')
    ap.add_argument('--suites-dir', metavar='DIR',
                    help='where the built suites are (make -C testcases OUT=DIR, one per kernel '
                         'version; default: testcases/ itself)')
    args = ap.parse_args()

    # the kernel version the suites were built against, or None
    version = kernel_version(args.kdir) if args.kdir else None
    suites_dir = os.path.abspath(args.suites_dir) if args.suites_dir else TESTCASES
    workflow_tests.SUITES = suites_dir
    workflow_tests.KDIR = args.kdir

    suites = find_suites(suites_dir)
    if args.suite:
        unknown = [s for s in args.suite if s not in suites]
        if unknown:
            ap.error('unknown suite %s (available: %s)' % (', '.join(unknown), ', '.join(suites) or 'none'))
        suites = list(dict.fromkeys(args.suite))
    if not suites:
        ap.error('no suites (directories with a Kbuild file) under %s' % rel(suites_dir))

    try:
        expected = {s: {c: parse_expectations(c, root=ROOT)
                        for c in case_files(suites_dir, s) + header_files(suites_dir, s)}
                    for s in suites}
        for s in suites:
            for c in case_files(suites_dir, s) + header_files(suites_dir, s):
                parse_golden(c, root=ROOT)
    except InputError as e:
        print('%s: error: %s' % (PROG, e), file=sys.stderr)
        return 2

    if args.list_expectations:
        total = nfiles = 0
        for s in suites:
            for c, exp in expected[s].items():
                nfiles += 1
                for (line, rule), n in sorted(exp.items()):
                    for _ in range(n):
                        print('%s:%d: %s' % (rel(c), line, rule))
                        total += 1
        print('%d expectations in %d files' % (total, nfiles))
        return 0

    if not args.gfpcheck:
        ap.error('--gfpcheck PATH is required (or use --list-expectations)')
    binary = os.path.abspath(args.gfpcheck)
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        print('%s: error: gfpcheck binary %s not found or not executable; build it first (make)'
              % (PROG, args.gfpcheck), file=sys.stderr)
        return 2

    need = list(suites)
    if not args.no_cli and 'intra' not in need and os.path.isdir(os.path.join(suites_dir, 'intra')):
        need.append('intra')
    try:
        for s in need:
            load_compdb(suites_dir, s)
    except InputError as e:
        print('%s: error: %s' % (PROG, e), file=sys.stderr)
        return 2

    tmpdir = tempfile.mkdtemp(prefix='gfpcheck-tests.')
    results = Results(args.tag, args.only)
    try:
        runner = Runner(binary, args.sanitized, args.timeout, tmpdir, ROOT)
        reports = {}
        for s in suites:
            reports[s] = run_suite(runner, results, suites_dir, s, version)
        engine_tests.run_engine_tests(runner, results, args)
        if not args.suite:
            results.check('structure/no-module-cycles', lambda: check_module_cycles(binary))
            results.check('structure/statements-read-in-ctl', check_statements_read_in_ctl)
        if not args.no_cli:
            if 'intra' in reports:
                report, db = reports['intra']
            else:
                db = runner.fresh_db('intra')
                try:
                    report = parse_scan_json(*runner.scan(os.path.join(rel(suites_dir), 'intra'), db))
                except AssertionError as e:
                    results.fail('intra/scan', str(e))
                    report = None
            run_cli_tests(runner, results, tmpdir, suites_dir, report, db)
            hostile_tests.run_hostile_tests(runner, results, tmpdir, load_compdb(suites_dir, 'intra'))
        if not args.no_workflow:
            workflow_tests.run_workflow_tests(runner, results, tmpdir)
    finally:
        if args.keep_tmp:
            print('temporary files kept in %s' % tmpdir, file=sys.stderr)
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)

    results.summary()
    return 1 if results.failed else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
