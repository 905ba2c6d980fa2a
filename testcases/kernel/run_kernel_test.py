#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Integration test on a real Linux tree (the fixture of
compile_commands/kernel-fixture.sh: Debian's linux-source-6.1 or 6.12 (--version) built by kbuild
with GCC).

Scans the fixture's compile database with

    gfpcheck scan -p TREE --db TMP --format json

and checks, one line each (`PASS name` / `FAIL name: reason`):

  fixture            the tree and its compile_commands.json exist
  exit-status        gfpcheck exited 0 or 1 (no crash, no usage error)
  no-sanitizer-errors  nothing on stderr from ASan/UBSan/LSan/TSan
  json-output        stdout is gfpcheck's JSON document
  all-tus-analysed   every TU of the database was analysed: no parse
                     failure except those listed with a reason in
                     testcases/kernel/known-parse-failures.txt (and no
                     listed TU that does not fail any more)
  chains-complete    every gfp-sleep-in-atomic finding has a non-empty
                     trace whose every step has a file, a line > 0 and a
                     function, and whose first step starts the context its
                     message names
  expected-findings  the set of findings (rule, path relative to the tree,
                     function, line) equals the reviewed list
                     testcases/kernel/expected-<version>.txt; every difference
                     is printed

and ends with `N passed, N failed` (exit status 1 if any failed).

--update rewrites the expected list from this scan: use it only after the
new findings have been reviewed (docs/triage-<version>.md).
"""

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import Results, context_unproven, step_missing  # noqa: E402 (testcases/)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

SANITIZER_RE = re.compile(
    r'ERROR: (AddressSanitizer|LeakSanitizer|ThreadSanitizer|MemorySanitizer)'
    r'|UndefinedBehaviorSanitizer|runtime error:|SUMMARY: \w+Sanitizer'
    r'|AddressSanitizer:DEADLYSIGNAL')


def rel(path, tree):
    """Path relative to the tree when inside it, else unchanged.  gfpcheck
    prints paths relative to its working directory, which is ours."""
    p = os.path.normpath(os.path.abspath(path))
    tree = os.path.normpath(os.path.abspath(tree))
    if p == tree or p.startswith(tree + os.sep):
        return os.path.relpath(p, tree)
    return p


def read_list(path):
    """Non-empty lines without `#` comments."""
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if line:
                out.append((n, line))
    return out


def read_known_failures(path):
    """{tu path relative to the tree: reason}; a line is `PATH REASON...`."""
    known = {}
    bad = []
    for n, line in read_list(path):
        parts = line.split(None, 1)
        if len(parts) < 2:
            bad.append('%s:%d: no reason given for %s' % (path, n, parts[0]))
            continue
        known[parts[0]] = parts[1]
    return known, bad


# expected-<version>.txt: one finding per line, `RULE PATH:LINE FUNCTION`
def finding_key(f, tree):
    return (f.get('rule', ''), rel(f.get('file', ''), tree), f.get('function', ''),
            int(f.get('line', 0)))


def format_key(k):
    return '%s %s:%d %s' % (k[0], k[1], k[3], k[2])


def parse_expected(path):
    keys = set()
    bad = []
    for n, line in read_list(path):
        m = re.match(r'^(\S+)\s+(\S+):(\d+)\s+(\S+)$', line)
        if not m:
            bad.append('%s:%d: not `RULE PATH:LINE FUNCTION`: %s' % (path, n, line))
            continue
        keys.add((m.group(1), m.group(2), m.group(4), int(m.group(3))))
    return keys, bad


def write_expected(path, keys, tree, version):
    by_rule = {}
    for k in keys:
        by_rule.setdefault(k[0], []).append(k)
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        f.write('# Reviewed gfpcheck findings on the Linux %s fixture (compile_commands/\n'
                '# kernel-fixture.sh, GCC flavour), one per line: RULE PATH:LINE FUNCTION,\n'
                '# paths relative to the tree.  Written by run_kernel_test.py --update after\n'
                '# review.  gfp-sleep-in-atomic and gfp-rt-atomic findings are triaged in\n'
                '# docs/triage-%s.md; the other rules\' entries are recorded as reported:\n'
                '# review the diff when a rule changes.\n' % (version, version))
        for rule in sorted(by_rule):
            f.write('\n# %s: %d\n' % (rule, len(by_rule[rule])))
            for k in sorted(by_rule[rule], key=lambda k: (k[1], k[3], k[2])):
                f.write(format_key(k) + '\n')
    os.replace(path + '.tmp', path)


def failed_tus(db, tree):
    """{tu path relative to the tree: first error} from the scan's database."""
    con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    try:
        rows = con.execute('SELECT files.path, tus.first_error FROM tus '
                           'JOIN files ON files.id = tus.file_id WHERE tus.failed').fetchall()
    finally:
        con.close()
    return {rel(p, tree): (e or '') for p, e in rows}


def full_key(f, tree):
    """A finding with everything that must agree: rule, place, message, chain."""
    steps = tuple((rel(t.get('file', ''), tree), t.get('line'), t.get('function'), t.get('note'))
                  for t in f.get('trace') or [])
    return (f.get('rule'), rel(f.get('file', ''), tree), f.get('line'), f.get('column'),
            f.get('function'), f.get('message'), steps)


def shard_merge(args, env, tree, tmp, doc):
    """`scan --shard K/N` for every K, `merge`, then compare with the whole scan."""
    dbs = []
    for k in range(1, args.shards + 1):
        db = os.path.join(tmp, 'shard-%d.db' % k)
        p = subprocess.run([args.gfpcheck, 'scan', '-p', tree, '--db', db, '--shard',
                            '%d/%d' % (k, args.shards), '-q', '--format', 'json'],
                           env=env, capture_output=True, timeout=args.timeout)
        if p.returncode not in (0, 1):
            return 'shard %d/%d: exit %d: %s' % (k, args.shards, p.returncode, p.stderr[-300:])
        dbs.append(db)
    p = subprocess.run([args.gfpcheck, 'merge', '--db', os.path.join(tmp, 'merged.db'), '-q',
                        '--format', 'json'] + dbs, env=env, capture_output=True, timeout=args.timeout)
    if p.returncode not in (0, 1):
        return 'merge: exit %d: %s' % (p.returncode, p.stderr[-300:])
    merged = json.loads(p.stdout)
    a = sorted(full_key(f, tree) for f in merged['findings'])
    b = sorted(full_key(f, tree) for f in doc['findings'])
    if a != b:
        return 'merged %d findings, whole scan %d; first difference: %s' % (
            len(a), len(b), next((x for x, y in zip(a, b) if x != y), None))
    if merged['stats'].get('translation_units') != doc['stats'].get('translation_units'):
        return 'merged %s TUs, whole scan %s' % (merged['stats'].get('translation_units'),
                                                 doc['stats'].get('translation_units'))
    return None


def main():
    ap = argparse.ArgumentParser(description='gfpcheck on a real Linux tree (6.1 or 6.12)')
    ap.add_argument('--version', default='6.1', choices=('6.1', '6.12'),
                    help='which fixture: the defaults of --tree, --expected and '
                         '--known-failures follow it (default: %(default)s)')
    ap.add_argument('--gfpcheck', default=os.path.join(REPO, 'build', 'gfpcheck'))
    ap.add_argument('--tree', default=None,
                    help='kernel tree holding compile_commands.json')
    ap.add_argument('--expected', default=None)
    ap.add_argument('--known-failures', default=None)
    ap.add_argument('-j', type=int, default=0, help='gfpcheck workers (default: its own)')
    ap.add_argument('--sanitized', action='store_true',
                    help='the gfpcheck build has ASan/UBSan (sets ASAN_OPTIONS=detect_leaks=1 '
                         'unless ASAN_OPTIONS is set)')
    ap.add_argument('--timeout', type=int, default=3600, help='seconds for the scan')
    ap.add_argument('--keep-db', metavar='FILE', help='write the fact database here instead of '
                    'a temporary file (for `gfpcheck explain --db FILE`)')
    ap.add_argument('--shards', type=int, default=2,
                    help='also scan in N shards, merge, and compare with the whole scan (0: skip)')
    ap.add_argument('--update', action='store_true',
                    help='rewrite the expected list from this scan (after review only)')
    args = ap.parse_args()
    if args.tree is None:
        args.tree = os.path.join(REPO, 'build', 'kernel', 'linux-source-' + args.version)
    if args.expected is None:
        args.expected = os.path.join(HERE, 'expected-%s.txt' % args.version)
    if args.known_failures is None:
        args.known_failures = os.path.join(HERE, 'known-parse-failures-%s.txt' % args.version)

    res = Results("kernel-" + args.version)
    tree = os.path.abspath(args.tree)
    cdb = os.path.join(tree, 'compile_commands.json')

    # --- fixture
    if not os.path.isfile(cdb):
        res.fail('fixture', '%s does not exist (run `make kernel-fixture`)' % cdb)
        res.summary()
        return 1
    with open(cdb, encoding='utf-8') as f:
        entries = [e for e in json.load(f) if e.get('file', '').endswith('.c')]
    if not os.access(args.gfpcheck, os.X_OK):
        res.fail('fixture', '%s is not an executable (run `make`)' % args.gfpcheck)
        res.summary()
        return 1
    res.ok('fixture')

    env = dict(os.environ)
    if args.sanitized:
        env.setdefault('ASAN_OPTIONS', 'detect_leaks=1')
        env.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1')

    with tempfile.TemporaryDirectory(prefix='gfpcheck-kernel-') as tmp:
        db = os.path.abspath(args.keep_db) if args.keep_db else os.path.join(tmp, 'facts.db')
        if args.keep_db and os.path.exists(db):
            os.unlink(db)
        cmd = [args.gfpcheck, 'scan', '-p', tree, '--db', db, '--format', 'json']
        if args.j:
            cmd += ['-j', str(args.j)]
        print('# %s' % ' '.join(cmd), flush=True)
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=args.timeout)
        except subprocess.TimeoutExpired:
            res.fail('exit-status', 'the scan did not finish in %d s' % args.timeout)
            res.summary()
            return 1
        print('# scan took %.1f s' % (time.monotonic() - t0), flush=True)
        stdout = p.stdout.decode('utf-8', 'replace')
        stderr = p.stderr.decode('utf-8', 'replace')
        tail = stderr.strip().splitlines()[-15:]

        # --- exit-status
        if p.returncode in (0, 1):
            res.ok('exit-status')
        elif p.returncode < 0:
            res.fail('exit-status', 'killed by signal %d' % -p.returncode, tail)
        else:
            res.fail('exit-status', 'exit status %d (expected 0 or 1)' % p.returncode, tail)

        # --- no-sanitizer-errors
        hits = [l for l in stderr.splitlines() if SANITIZER_RE.search(l)]
        res.verdict('no-sanitizer-errors',
                  None if not hits else '%d sanitizer report line(s) on stderr' % len(hits),
                  hits[:20])

        # --- json-output
        doc = None
        try:
            doc = json.loads(stdout)
            if not isinstance(doc.get('findings'), list) or not isinstance(doc.get('stats'), dict):
                raise ValueError('no "findings" list or "stats" object')
            res.ok('json-output')
        except ValueError as e:
            res.fail('json-output', 'stdout is not gfpcheck JSON: %s' % e, tail)
            doc = None

        # --- all-tus-analysed
        known, bad = read_known_failures(args.known_failures)
        if doc is not None:
            st = doc['stats']
            problems = list(bad)
            if st.get('translation_units') != len(entries):
                problems.append('%s translation units analysed, the database has %d'
                                % (st.get('translation_units'), len(entries)))
            failed = {}
            if st.get('parse_failures', 0) or known:
                try:
                    failed = failed_tus(db, tree)
                except sqlite3.Error as e:
                    problems.append('cannot read the failed TUs from %s: %s' % (db, e))
            if len(failed) != st.get('parse_failures', 0) and not problems:
                problems.append('stats.parse_failures = %s, but the database lists %d failed TUs'
                                % (st.get('parse_failures'), len(failed)))
            for tu in sorted(failed):
                if tu not in known:
                    problems.append('parse failure: %s: %s' % (tu, failed[tu]))
            for tu in sorted(known):
                if tu not in failed:
                    problems.append('%s is listed in %s but parsed: remove it'
                                    % (tu, os.path.basename(args.known_failures)))
            res.verdict('all-tus-analysed',
                      None if not problems else '%d problem(s)' % len(problems), problems)
        else:
            res.fail('all-tus-analysed', 'no JSON stats')

        # --- chains-complete
        if doc is not None:
            problems = []
            incomplete = set()
            sia = [f for f in doc['findings'] if f.get('rule') == 'gfp-sleep-in-atomic']
            for f in sia:
                where = '%s:%s %s' % (rel(f.get('file', ''), tree), f.get('line'), f.get('function'))
                trace = f.get('trace') or []
                if not trace:
                    problems.append('%s: empty trace' % where)
                    incomplete.add(where)
                for i, s in enumerate(trace):
                    missing = step_missing(s)
                    if missing:
                        incomplete.add(where)
                        problems.append('%s: step %d lacks %s: %s'
                                        % (where, i, ', '.join(missing), json.dumps(s)))
                unproven = context_unproven(f)
                if unproven:
                    incomplete.add(where)
                    problems.append('%s: %s' % (where, unproven))
            res.verdict('chains-complete',
                      None if not problems else '%d of %d gfp-sleep-in-atomic findings'
                      % (len(incomplete), len(sia)), problems[:50])
        else:
            res.fail('chains-complete', 'no JSON findings')

        # --- expected-findings
        if doc is not None:
            got = {finding_key(f, tree) for f in doc['findings']}
            if args.update:
                write_expected(args.expected, got, tree, args.version)
                res.ok('expected-findings')
                print('# wrote %d findings to %s' % (len(got), args.expected))
            else:
                want, bad = parse_expected(args.expected)
                if not os.path.exists(args.expected):
                    bad.append('%s does not exist (review the findings, then --update)'
                               % args.expected)
                missing = sorted(want - got, key=lambda k: (k[1], k[3], k[0]))
                extra = sorted(got - want, key=lambda k: (k[1], k[3], k[0]))
                lines = bad + ['missing: %s' % format_key(k) for k in missing] + \
                    ['extra:   %s' % format_key(k) for k in extra]
                res.verdict('expected-findings',
                          None if not lines else '%d missing, %d extra (of %d expected)'
                          % (len(missing), len(extra), len(want)), lines)
        else:
            res.fail('expected-findings', 'no JSON findings')

        # --- shard-merge-equals-scan: two shards merged give the same findings
        if doc is not None and args.shards > 1:
            res.verdict('shard-merge-equals-scan',
                      shard_merge(args, env, tree, tmp, doc), [])

    res.summary()
    return 1 if res.failed else 0


if __name__ == '__main__':
    sys.exit(main())
