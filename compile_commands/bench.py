#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""gfpcheck against clang -fsyntax-only on the same translation units.

Usage: bench.py [--gfpcheck build/gfpcheck] [--tree build/kernel/linux-source-6.1 ...]
                [-j N] [--touch PATH] [--whole] [--out docs/BENCH.md]

With several --tree, each is measured in turn and has its own section of
the output file (markers named after the tree's directory).  --whole (a
whole defconfig tree) leaves out the -j1 runs, which would take hours.

In one run, on every TU of TREE/compile_commands.json:

 1. clang -fsyntax-only with the arguments gfpcheck gives libclang: the
    command of the database minus the output/dependency options and -W...
    that checker/frontend/compdb.c drops, minus every `drop-arg` pattern of
    rules/compiler.rules (read from that file), plus -w; arguments clang's
    driver still rejects are dropped as gfpcheck does (found with
    `clang -###`, which does not compile).  Timed at -j1 and -jN.
 2. gfpcheck scan with an empty database, at -j1 and -jN
    (/usr/bin/time -v: CPU, wall, maximum resident set size).  At each -j,
    clang runs every other TU before this scan and the rest after it, so
    that the host's drift during the run (a shared machine) cancels out of
    the ratio; the two halves' CPU times are printed as a check.
 3. gfpcheck scan again, nothing changed.
 4. gfpcheck scan after appending a comment line to one .c file (--touch,
    default net/ipv4/tcp.c); the file is restored afterwards (content and
    mtime), also on error or Ctrl-C.

gfpcheck and its rules/ are copied to a temporary directory first and
the copies are used for every run: gfpcheck re-parses everything when its
own binary or the rules change, so a rebuild by someone else during the
benchmark would otherwise turn the re-scans into full scans.

Prints a table and, with --out, replaces the generated part of that
Markdown file (between `<!-- bench:begin -->` and `<!-- bench:end -->`;
text outside the markers is kept).

Targets checked: full scan CPU <= 1.15 x clang CPU; peak memory per worker
<= 600 MB; no-change re-scan <= 1 s; one-file re-scan <= that file's clang
parse time + 2 s.
"""

import argparse
import concurrent.futures
import datetime
import fnmatch
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# checker/frontend/compdb.c: arguments that only select the output
DROP_WITH_VALUE = {'-o', '-MF', '-MT', '-MQ', '-x'}
DROP_ALONE = {'-c', '-S', '-E', '-MD', '-MMD', '-M', '-MM', '-MP', '-pipe'}

BEGIN, END = '<!-- bench:begin -->', '<!-- bench:end -->'


def log(msg):
    print('bench: %s' % msg, file=sys.stderr, flush=True)


def drop_rules(path):
    rules = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            w = line.split('#', 1)[0].split()
            if len(w) >= 2 and w[0] == 'drop-arg':
                rules.append((w[1], 'value=yes' in w[2:]))
    return rules


def sanitise(argv, rules):
    """The arguments of checker/frontend/compdb.c fill_job(), minus argv[0], plus -w."""
    out = []
    skip = False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a in DROP_WITH_VALUE:
            skip = True
            continue
        if a in DROP_ALONE or a.startswith('-W') or a in ('-w', '-pedantic'):
            continue
        hit = next((r for r in rules if fnmatch.fnmatchcase(a, r[0])), None)
        if hit:
            skip = hit[1]
            continue
        out.append(a)
    return out + ['-w']


def run_child(argv, cwd=None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
    """(exit status, wall s, CPU s, max RSS KiB) of one process."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=stderr)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, time.monotonic() - t0, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def prepare_clang(clang, entries, rules):
    """[(file, directory, argv)], dropping what clang's driver rejects."""
    jobs = []
    dropped = {}
    for e in entries:
        args = sanitise(shlex.split(e['command']) if 'command' in e else e['arguments'], rules)
        for _ in range(5):
            r = subprocess.run([clang, '-###', '-fsyntax-only'] + args, cwd=e['directory'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            bad = re.findall(r"(?:unknown argument|unsupported option)[^']*'([^']+)'", r.stderr)
            if r.returncode == 0 or not bad:
                break
            for b in bad:
                dropped[b] = dropped.get(b, 0) + 1
                if b in args:
                    args.remove(b)
        jobs.append((e['file'], e['directory'], [clang, '-fsyntax-only'] + args))
    return jobs, dropped


def clang_run(jobs, n):
    """Runs every job with n at a time: wall, CPU, max RSS, {file: wall}, failures."""
    per_file = {}
    failures = []
    cpu = 0.0
    rss = 0
    lock = threading.Lock()

    def one(job):
        nonlocal cpu, rss
        f, d, argv = job
        st, wall, c, m = run_child(argv, cwd=d)
        with lock:
            per_file[f] = wall
            cpu += c
            rss = max(rss, m)
            if st != 0:
                failures.append(f)

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as ex:
        list(ex.map(one, jobs))
    return {'wall': time.monotonic() - t0, 'cpu': cpu, 'rss_kib': rss, 'per_file': per_file,
            'failures': failures}


def clang_merge(a, b):
    """One clang run of two halves of the TUs measured apart (see bench())"""
    return {'wall': a['wall'] + b['wall'], 'cpu': a['cpu'] + b['cpu'],
            'rss_kib': max(a['rss_kib'], b['rss_kib']), 'per_file': {**a['per_file'], **b['per_file']},
            'failures': a['failures'] + b['failures'], 'halves_cpu': (a['cpu'], b['cpu'])}


def parse_time_v(path):
    out = {}
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            k, _, v = line.strip().rpartition(': ')
            out[k] = v
    wall = out.get('Elapsed (wall clock) time (h:mm:ss or m:ss)', '0:0')
    secs = 0.0
    for part in wall.split(':'):
        secs = secs * 60 + float(part)
    return {'cpu': float(out.get('User time (seconds)', 0)) + float(out.get('System time (seconds)', 0)),
            'wall': secs, 'rss_kib': int(out.get('Maximum resident set size (kbytes)', 0)),
            'status': int(out.get('Exit status', -1))}


def gfpcheck_run(gfpcheck, tree, db, j, tmp, label):
    tv = os.path.join(tmp, 'time-%s.txt' % label)
    err = os.path.join(tmp, 'stderr-%s.txt' % label)
    with open(err, 'w') as e:
        subprocess.run(['/usr/bin/time', '-v', '-o', tv, gfpcheck, 'scan', '-p', tree, '--db', db,
                        '--format', 'json', '-j', str(j)],
                       stdout=subprocess.DEVNULL, stderr=e)
    r = parse_time_v(tv)
    with open(err, encoding='utf-8', errors='replace') as e:
        text = e.read()
    if r['status'] not in (0, 1):
        raise SystemExit('bench: gfpcheck (%s) exited %d:\n%s' % (label, r['status'], text[-2000:]))
    m = re.search(r'\((\d+) parsed, (\d+) reused unchanged, (\d+) failed to parse\)', text)
    r['parsed'] = int(m.group(1)) if m else None
    r['reused'] = int(m.group(2)) if m else None
    r['failed'] = int(m.group(3)) if m else None
    m = re.search(r'analysis ([0-9.]+) s', text)
    r['solve'] = float(m.group(1)) if m else None
    r['summary'] = next((l for l in text.splitlines() if 'translation units' in l), '').strip()
    return r


def cpu_model():
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def mem_total():
    try:
        with open('/proc/meminfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('MemTotal:'):
                    return '%.1f GiB' % (int(line.split()[1]) / 1048576)
    except OSError:
        pass
    return '?'


def version(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return '?'


def main():
    ap = argparse.ArgumentParser(description='gfpcheck vs clang -fsyntax-only on a kernel tree')
    ap.add_argument('--gfpcheck', default=os.path.join(REPO, 'build', 'gfpcheck'))
    ap.add_argument('--tree', action='append',
                    help='a fixture tree (repeatable; default build/kernel/linux-source-6.1)')
    ap.add_argument('--whole', action='store_true', help='skip the -j1 runs (a whole tree)')
    ap.add_argument('--clang', default=shutil.which('clang') or 'clang')
    ap.add_argument('--rules-dir', default=os.path.join(REPO, 'rules'),
                    help="gfpcheck's rules directory (compiler.rules is read from it)")
    ap.add_argument('-j', type=int, default=os.cpu_count() or 1, help='N of -jN (default: nproc)')
    ap.add_argument('--touch', default='net/ipv4/tcp.c',
                    help='the .c file (relative to the tree) of the one-file re-scan')
    ap.add_argument('--out', help='Markdown file whose generated part is replaced')
    args = ap.parse_args()
    status = 0
    for tree in args.tree or [os.path.join(REPO, 'build', 'kernel', 'linux-source-6.1')]:
        status |= bench_tree(args, os.path.abspath(tree))
    return status


def bench_tree(args, tree):
    with open(os.path.join(tree, 'compile_commands.json'), encoding='utf-8') as f:
        entries = [e for e in json.load(f) if e['file'].endswith('.c')]
    for e in entries:
        e['file'] = os.path.normpath(os.path.join(e['directory'], e['file']))
    touch = os.path.join(tree, args.touch)
    if touch not in {e['file'] for e in entries}:
        raise SystemExit('bench: %s is not a TU of %s' % (args.touch, tree))

    snap = tempfile.mkdtemp(prefix='gfpcheck-bench-snap-')
    os.mkdir(os.path.join(snap, 'bin'))
    gfpcheck = os.path.join(snap, 'bin', 'gfpcheck')
    shutil.copy2(args.gfpcheck, gfpcheck)
    shutil.copytree(args.rules_dir, os.path.join(snap, 'rules'))   # bin/../rules
    try:
        return bench(args, tree, entries, touch, snap, gfpcheck)
    finally:
        shutil.rmtree(snap, ignore_errors=True)


def bench(args, tree, entries, touch, snap, gfpcheck):
    n = len(entries)
    N = max(1, args.j)
    load0 = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    rules_file = os.path.join(snap, 'rules', 'compiler.rules')
    rules = drop_rules(rules_file)
    log('%d TUs; preparing clang commands (%d drop patterns from %s)'
        % (n, len(rules), os.path.relpath(os.path.join(args.rules_dir, 'compiler.rules'), REPO)))
    jobs, dropped = prepare_clang(args.clang, entries, rules)
    if dropped:
        log('clang rejected, dropped: %s' % ', '.join('%s (%d)' % kv for kv in sorted(dropped.items())))

    res = {}
    # clang runs half of the TUs before gfpcheck's full scan and the other
    # half after it (A, B, A): a drift of the host's speed during the run
    # (other tenants) then weighs on both sides of the ratio alike
    halves = (jobs[0::2], jobs[1::2])
    with tempfile.TemporaryDirectory(prefix='gfpcheck-bench-') as tmp:
        if not args.whole:
            log('clang -fsyntax-only -j1, first half ...')
            first = clang_run(halves[0], 1)
            log('gfpcheck full scan -j1 ...')
            res['g1'] = gfpcheck_run(gfpcheck, tree, os.path.join(tmp, 'j1.db'), 1, tmp, 'j1')
            log('clang -fsyntax-only -j1, second half ...')
            res['clang1'] = clang_merge(first, clang_run(halves[1], 1))
        log('clang -fsyntax-only -j%d, first half ...' % N)
        first = clang_run(halves[0], N)
        log('gfpcheck full scan -j%d ...' % N)
        db = os.path.join(tmp, 'jN.db')
        res['gN'] = gfpcheck_run(gfpcheck, tree, db, N, tmp, 'jN')
        log('clang -fsyntax-only -j%d, second half ...' % N)
        res['clangN'] = clang_merge(first, clang_run(halves[1], N))
        log('gfpcheck no-change re-scan ...')
        res['nochange'] = gfpcheck_run(gfpcheck, tree, db, N, tmp, 'nochange')

        log('gfpcheck re-scan after touching %s ...' % args.touch)
        st = os.stat(touch)
        with open(touch, 'rb') as f:
            original = f.read()
        restore_done = False

        def restore(*_):
            nonlocal restore_done
            if restore_done:
                return
            with open(touch, 'wb') as f:
                f.write(original)
            os.utime(touch, ns=(st.st_atime_ns, st.st_mtime_ns))
            restore_done = True

        old = {s: signal.signal(s, lambda *a: (restore(), sys.exit(130)))
               for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            with open(touch, 'ab') as f:
                f.write(b'/* gfpcheck bench: appended line */\n')
            res['onefile'] = gfpcheck_run(gfpcheck, tree, db, N, tmp, 'onefile')
        finally:
            restore()
            for s, h in old.items():
                signal.signal(s, h)
    load1 = os.getloadavg()

    # the whole tree has no -j1 runs: its -jN ones stand in
    c1, cN, g1, gN = (res.get('clang1', res['clangN']), res['clangN'], res.get('g1', res['gN']),
                      res['gN'])
    parse_touch = c1['per_file'].get(touch, cN['per_file'].get(touch, 0.0))
    rows = [] if args.whole else [
        ('clang -fsyntax-only -j1', c1['cpu'], c1['wall'], c1['rss_kib'], n / c1['wall'], ''),
    ]
    rows += [
        ('clang -fsyntax-only -j%d' % N, cN['cpu'], cN['wall'], cN['rss_kib'], n / cN['wall'], ''),
    ]
    if not args.whole:
        rows.append(('gfpcheck full scan -j1', g1['cpu'], g1['wall'], g1['rss_kib'], n / g1['wall'],
                     '%.2f' % (g1['cpu'] / c1['cpu'])))
    rows += [
        ('gfpcheck full scan -j%d' % N, gN['cpu'], gN['wall'], gN['rss_kib'], n / gN['wall'],
         '%.2f' % (gN['cpu'] / cN['cpu'])),
        ('gfpcheck re-scan, no change', res['nochange']['cpu'], res['nochange']['wall'],
         res['nochange']['rss_kib'], None, ''),
        ('gfpcheck re-scan, 1 file changed', res['onefile']['cpu'], res['onefile']['wall'],
         res['onefile']['rss_kib'], None, ''),
    ]
    per_worker_j1 = g1['rss_kib'] / 1024
    per_worker_jN = gN['rss_kib'] / 1024 / N
    targets = [
        ('full scan CPU <= 1.15 x clang CPU (-j1)', '%.2f x' % (g1['cpu'] / c1['cpu']),
         g1['cpu'] <= 1.15 * c1['cpu']),
        ('full scan CPU <= 1.15 x clang CPU (-j%d)' % N, '%.2f x' % (gN['cpu'] / cN['cpu']),
         gN['cpu'] <= 1.15 * cN['cpu']),
        ('peak memory per worker <= 600 MB (-j1 process)', '%.0f MB' % per_worker_j1,
         per_worker_j1 <= 600),
        ('peak memory per worker <= 600 MB (-j%d process / %d)' % (N, N), '%.0f MB' % per_worker_jN,
         per_worker_jN <= 600),
        ('no-change re-scan <= 1 s (wall)', '%.2f s' % res['nochange']['wall'],
         res['nochange']['wall'] <= 1.0),
        ('one-file re-scan <= parse time + 2 s (%.2f + 2 s)' % parse_touch,
         '%.2f s' % res['onefile']['wall'], res['onefile']['wall'] <= parse_touch + 2.0),
    ]

    if args.whole:
        targets = [t for t in targets if '-j1' not in t[0]]
    md = []
    md.append('Measured %s by `make bench` (compile_commands/bench.py) on the fixture '
              '`%s` (%d TUs).' % (started, os.path.relpath(tree, REPO), n))
    md.append('')
    md.append('Machine: %d CPUs (`nproc`), %s, %s RAM; load average %.2f at start, %.2f at end '
              '(the machine is shared: wall times include waiting for other jobs).'
              % (os.cpu_count() or 0, cpu_model(), mem_total(), load0[0], load1[0]))
    md.append('Tools: %s; %s.' % (version([args.clang, '--version']),
                                  version([gfpcheck, 'version'])))
    if dropped:
        md.append('clang also rejected (dropped, as gfpcheck does): %s.'
                  % ', '.join(sorted(dropped)))
    md.append('')
    md.append('| run | CPU s | wall s | max RSS MB | TUs/s | CPU vs clang |')
    md.append('|---|---:|---:|---:|---:|---:|')
    for name, cpu, wall, rss, tps, ratio in rows:
        md.append('| %s | %.1f | %.2f | %.0f | %s | %s |'
                  % (name, cpu, wall, rss / 1024, '%.2f' % tps if tps else '', ratio))
    md.append('')
    md.append('clang max RSS is the largest single `clang -fsyntax-only` process; gfpcheck max RSS '
              'is the whole process (all workers, the writer and the solver).  '
              'gfpcheck solve time: %s s (-j1), %s s (-j%d); its one-file re-scan parsed %s TU(s) '
              'and reused %s; `%s` takes %.2f s in clang -fsyntax-only (-j1).'
              % (g1['solve'], gN['solve'], N, res['onefile']['parsed'], res['onefile']['reused'],
                 args.touch, parse_touch))
    md.append('')
    md.append('clang ran every other TU before gfpcheck\'s full scan and the rest after it '
              '(CPU s of the two halves: %s), so that drift of the shared host cancels out '
              'of the ratio.' % '; '.join(
                  '%.1f / %.1f at -j%s' % (c['halves_cpu'] + (j,))
                  for c, j in ((res.get('clang1'), 1), (cN, N)) if c))
    md.append('')
    md.append('| target | measured | |')
    md.append('|---|---:|---|')
    for name, value, ok in targets:
        md.append('| %s | %s | %s |' % (name, value, 'met' if ok else '**missed**'))
    if c1['failures'] or cN['failures']:
        md.append('')
        md.append('clang -fsyntax-only failed on: %s' % ', '.join(
            sorted(os.path.relpath(f, tree) for f in set(c1['failures'] + cN['failures']))))
    text = '\n'.join(md) + '\n'
    print(text)

    if args.out:
        begin = BEGIN.replace(' -->', ' %s -->' % os.path.basename(tree))
        end = END.replace(' -->', ' %s -->' % os.path.basename(tree))
        block = '%s\n%s%s' % (begin, text, end)
        old = ''
        if os.path.exists(args.out):
            with open(args.out, encoding='utf-8') as f:
                old = f.read()
        if begin in old and end in old:
            new = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
        else:
            new = (old or '# Benchmark\n') + '\n' + block + '\n'
        with open(args.out + '.tmp', 'w', encoding='utf-8') as f:
            f.write(new)
        os.replace(args.out + '.tmp', args.out)
        log('wrote %s' % args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
