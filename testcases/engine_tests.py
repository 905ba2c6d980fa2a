#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The engine tier: small C files scanned without a kbuild build step.

    engine_tests.py --gfpcheck build/gfpcheck --kdir /usr/src/linux-headers-X-amd64 [--tag 6.12]

(run_tests.py runs it too, once per kernel version, after the suites.)

Every testcases/engine/*.c includes the real kernel headers of --kdir:
the compile database is written here from testcases/engine/kbuild-flags-*,
the command kbuild would run for the file, so gfpcheck parses it with
kbuild's flags, in a few seconds and without building anything.
A file is one test for its findings (the `/* expect: ... */` and
`/* expect-miss: ... */` comments of the kbuild suites, and `gfpcheck-test:
since X.Y`; the grammar is expectations.py's) and one test per block that
holds the exact output of `gfpcheck debug cfg|flow FUNCTION` after its
first line:

    /*
     * check-cfg: eng_while_trylock
     *   B0 (entry): -> B2
     *   ...
     * check-end
     */

A block line is the comment line without its leading ` * ` (or `*`); the
dump's first line must name the function in this file.  A block states
what the code means to the engines (cfg.c, flow.c, summaries.c): write it
from the code and check every line of it by hand, never paste the tool's
output.  A failure shows the difference.  Prints `PASS name` or `FAIL
name: reason` per test and ends with `N passed, N failed`.
"""

import argparse
import collections
import difflib
import json
import os
import re
import shlex
import shutil
import sys
import tempfile

from expectations import (InputError, check_blocks, parse_expectations, parse_known_misses,
                          required_version, finding_shows)
from testlib import (Results, Runner, sanitizer_error, first_lines, describe_rc, parse_scan_json,
                     norm_file, chain_problems, kernel_version)

TESTCASES = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTCASES)
ENGINE = os.path.join(TESTCASES, 'engine')

FLAGS_RE = re.compile(r'^kbuild-flags-(?P<major>\d+)\.(?P<minor>\d+)$')


def engine_files():
    return sorted(os.path.join(ENGINE, f) for f in os.listdir(ENGINE) if f.endswith('.c'))


# ---------------------------------------------------------------- the compile database

def source_tree(kdir):
    """Debian's build directory (linux-headers-X-amd64) holds the
    configuration and generated headers, its Makefile includes the source
    tree's (linux-headers-X-common); a full kernel build directory is its
    own source tree."""
    try:
        with open(os.path.join(kdir, 'Makefile')) as f:
            m = re.match(r'\s*include\s+(\S+)/Makefile\s*$', f.read())
    except OSError:
        m = None
    return m.group(1) if m else kdir


def flags_template(version):
    """(path, [argument]) of the newest kbuild-flags-X.Y not newer than
    version, or (None, None)."""
    best = None
    for name in os.listdir(ENGINE):
        m = FLAGS_RE.match(name)
        if m:
            v = (int(m.group('major')), int(m.group('minor')))
            if v <= version and (best is None or v > best[0]):
                best = (v, os.path.join(ENGINE, name))
    if best is None:
        return None, None
    with open(best[1]) as f:
        args = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    return best[1], args


def instantiate(template, srctree, modname):
    return [a.replace('@SRCTREE@', srctree).replace('@MODNAME@', modname) for a in template]


def kbuild_flags(entry):
    """The arguments of a kbuild compile command that a template holds:
    without warnings, the dependency file, -c, -o FILE and the source."""
    args = entry.get('arguments') or shlex.split(entry.get('command', ''))
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == '-o':
            skip = True
        elif not (a.startswith('-W') or a == '-c' or a.endswith('.c')):
            out.append(a)
    return out


def write_compdb(directory, kdir, template, files):
    srctree = source_tree(kdir)
    db = []
    for src in files:
        name = os.path.splitext(os.path.basename(src))[0]
        db.append({'directory': kdir, 'file': src,
                   'arguments': instantiate(template, srctree, name)
                   + ['-c', '-o', os.path.join(directory, name + '.o'), src]})
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'compile_commands.json'), 'w') as f:
        json.dump(db, f, indent=1)


# ---------------------------------------------------------------- the checks

def check_findings(results, name, path, found):
    """found: the findings reported in path."""
    shown = {}
    want = parse_expectations(path, shown, root=ROOT)
    misses = parse_known_misses(path, root=ROOT)
    got = collections.Counter((f.get('line'), f.get('rule')) for f in found)
    missing, extra = want - got, got - want
    now_found = extra & misses
    extra -= now_found
    details = ['missing: %s:%s %s' % (os.path.basename(path), l, rule)
               for (l, rule), n in sorted(missing.items()) for _ in range(n)]
    for (l, rule), n in sorted(extra.items()):
        details += ['extra:   %s:%s %s %s' % (os.path.basename(path), l, rule, f.get('message'))
                    for f in [f for f in found if (f.get('line'), f.get('rule')) == (l, rule)][:n]]
    for (l, rule), reqs in sorted(shown.items()):
        at = [f for f in found if (f.get('line'), f.get('rule')) == (l, rule)]
        for sev, frags in reqs:
            if at and not any(finding_shows(f, sev, frags) for f in at):
                details.append('wrong:   %s:%s %s: want%s%s; got %s'
                               % (os.path.basename(path), l, rule, ' severity ' + sev if sev else '',
                                  ''.join(' "%s"' % x for x in frags),
                                  '; '.join('%s %r' % (f.get('severity'), f.get('message')) for f in at)))
    for f in found:
        details.extend(chain_problems(f))
    if details:
        results.fail(name, '%d missing, %d extra, %d other' % (
            sum(missing.values()), sum(extra.values()),
            len(details) - sum(missing.values()) - sum(extra.values())), details)
        return
    results.ok(name)
    for (l, rule) in sorted(now_found):
        print('    known miss now reported: %s:%s %s (make it an expect comment)'
              % (os.path.basename(path), l, rule))


def check_dump(runner, db, path, what, fn, expected):
    rc, out, err = runner.run(['debug', what, '--db', db, fn])
    san = sanitizer_error(err)
    assert not san, san
    assert rc == 0, 'gfpcheck debug %s %s: %s; stderr: %s' % (what, fn, describe_rc(rc), first_lines(err) or '(empty)')
    lines = out.splitlines()
    heads = [l for l in lines if not l.startswith(' ')]
    m = re.match(r'^%s \((?P<file>.*):(?P<line>\d+)\)$' % re.escape(fn), heads[0] if heads else '')
    assert len(heads) == 1 and m, 'want one function %s, got: %s' % (fn, ' | '.join(heads) or '(nothing)')
    assert os.path.realpath(m.group('file')) == os.path.realpath(path), \
        '%s is in %s, not in this file' % (fn, m.group('file'))
    got = lines[1:]
    if got != expected:
        diff = list(difflib.unified_diff(expected, got, 'expected', 'gfpcheck debug %s' % what, lineterm='', n=1))
        raise AssertionError('the dump differs:\n    ' + '\n    '.join(diff[2:]))


def run_engine_tests(runner, results, args):
    """The engine tier against the headers of args.kdir; skipped when
    args.suite names suites to run (the tier is no kbuild suite)."""
    if getattr(args, 'suite', None):
        return
    if not args.kdir:
        print('SKIP %sengine: needs --kdir (the kernel headers to parse against)' % results.prefix)
        return
    version = kernel_version(args.kdir)
    if version is None:
        results.fail('engine/scan', 'no kernel version in %s' % args.kdir)
        return
    template_path, template = flags_template(version)
    if template is None:
        results.fail('engine/scan', 'no testcases/engine/kbuild-flags-X.Y for Linux %d.%d' % version)
        return

    # kbuild's own command, when a kbuild-built suite is at hand
    suites_dir = getattr(args, 'suites_dir', None)
    built = os.path.join(suites_dir or TESTCASES, 'intra', 'compile_commands.json')
    if os.path.isfile(built):
        def same_flags():
            with open(built) as f:
                entry = json.load(f)[0]
            modname = os.path.splitext(os.path.basename(entry['file']))[0]
            ours = instantiate(template, source_tree(entry['directory']), modname)
            theirs = kbuild_flags(entry)
            assert os.path.realpath(entry['directory']) == os.path.realpath(args.kdir), \
                '%s was built in %s, not --kdir %s' % (built, entry['directory'], args.kdir)
            only_ours = [a for a in ours if a not in theirs]
            only_theirs = [a for a in theirs if a not in ours]
            assert not only_ours and not only_theirs, \
                '%s differs from kbuild\'s command in %s: only in the template %s, only kbuild\'s %s' % (
                    os.path.basename(template_path), built, only_ours or '-', only_theirs or '-')
        results.check('engine/kbuild-flags', same_flags)

    files, tested = [], []
    for path in engine_files():
        since = required_version(path)
        if since and version < since:
            print('SKIP %sengine/%s: needs Linux %d.%d' % (results.prefix, os.path.basename(path), *since))
            continue
        files.append(path)
    names = {}
    for path in files:
        base = 'engine/%s' % os.path.basename(path)
        try:
            blocks = check_blocks(path)
            parse_expectations(path, root=ROOT)
        except (ValueError, InputError) as e:
            results.fail(base, str(e))
            continue
        tested.append(path)
        names[path] = [(base, None)] + [('%s/%s/%s' % (base, what, fn), (what, fn, lines))
                                        for what, fn, lines in blocks]
    if results.only and not any(results.only.search(n) for ns in names.values() for n, _ in ns):
        return

    directory = os.path.join(runner.tmpdir, 'engine')
    write_compdb(directory, os.path.abspath(args.kdir), template, files)
    db = runner.fresh_db('engine')
    rc, out, err = runner.scan(directory, db)
    try:
        report = parse_scan_json(rc, out, err)
    except AssertionError as e:
        results.fail('engine/scan', str(e))
        return
    stats = report['stats']
    problems = []
    if stats.get('parse_failures') != 0:
        problems.append('stats.parse_failures = %r (want 0); stderr: %s' % (stats.get('parse_failures'),
                                                                           first_lines(err, 4)))
    if stats.get('translation_units') != len(files):
        problems.append('stats.translation_units = %r (want %d)' % (stats.get('translation_units'), len(files)))
    by_file = collections.defaultdict(list)
    for f in report['findings']:
        by_file[norm_file(str(f.get('file')), [ROOT, ENGINE])].append(f)
    outside = [f for p, fl in by_file.items() if p not in {os.path.realpath(x) for x in files} for f in fl]
    if outside:
        problems.append('%d findings outside the test files (first: %s:%s)'
                        % (len(outside), outside[0].get('file'), outside[0].get('line')))
    if problems:
        results.fail('engine/scan', '; '.join(problems))
    else:
        results.ok('engine/scan')

    for path in tested:
        for name, block in names[path]:
            if results.only and not results.only.search(name):
                continue
            if block is None:
                check_findings(results, name, path, by_file.get(os.path.realpath(path), []))
            else:
                what, fn, lines = block
                results.check(name, lambda p=path, w=what, f=fn, l=lines: check_dump(runner, db, p, w, f, l))


def main():
    ap = argparse.ArgumentParser(description='Run the engine tier of the gfpcheck tests (no kbuild step).')
    ap.add_argument('--gfpcheck', required=True, metavar='PATH', help='the gfpcheck binary (e.g. build/gfpcheck)')
    ap.add_argument('--kdir', required=True, metavar='DIR',
                    help='the kernel headers to parse against (/usr/src/linux-headers-X-amd64)')
    ap.add_argument('--tag', default='', metavar='NAME', help='prefix of every test name (the kernel version)')
    ap.add_argument('--sanitized', action='store_true', help='the binary is an ASan/UBSan build')
    ap.add_argument('--only', metavar='PATTERN', help='run only the checks whose name matches')
    ap.add_argument('--suites-dir', metavar='DIR',
                    help='kbuild-built suites of this version: the template is checked against their command')
    ap.add_argument('--timeout', type=float, default=600, metavar='SECONDS')
    ap.add_argument('--keep-tmp', action='store_true', help='keep the temporary directory')
    args = ap.parse_args()
    binary = os.path.abspath(args.gfpcheck)
    if not os.access(binary, os.X_OK):
        print('engine_tests.py: error: gfpcheck binary %s not found; build it first (make)' % args.gfpcheck,
              file=sys.stderr)
        return 2
    tmpdir = tempfile.mkdtemp(prefix='gfpcheck-engine.')
    results = Results(args.tag, args.only)
    try:
        run_engine_tests(Runner(binary, args.sanitized, args.timeout, tmpdir, ROOT), results, args)
    finally:
        if args.keep_tmp:
            print('temporary files kept in %s' % tmpdir, file=sys.stderr)
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)
    results.summary()
    return 1 if results.failed else 0


if __name__ == '__main__':
    sys.exit(main())
