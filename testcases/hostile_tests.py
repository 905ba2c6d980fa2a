# SPDX-License-Identifier: GPL-2.0
"""The hostile-input suite: what a careless or unlucky user gives gfpcheck
(bad compile databases, sources that crash or stall a parser, databases
that are not ours or cannot be written, killed runs, a full disk, bad
command lines) and what gfpcheck must do with it: a clear message naming
the file or argument, the right exit status, and a database that is either
untouched or equal to a clean scan's.

Every case asserts three things: the exit status, the message (its
fragments, and that the file or argument is named once), and the database
afterwards (absent, unchanged, or holding the findings of a clean scan,
with `PRAGMA integrity_check` ok).  Run by run_tests.py with the CLI tests
(`make check`, plain and ASan/UBSan builds); names are hostile/<case>."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import time

from testlib import _text, sanitizer_error, first_lines, describe_rc, stored_state

# a spinlock held around a sleeping allocation: one gfp-sleep-in-atomic
# finding at LOCKED_LINE, whatever comes before the allocation
LOCKED = ('#include <linux/slab.h>\n#include <linux/spinlock.h>\n%s'
          'static DEFINE_SPINLOCK(l);\nint x;\n'
          'void *f(int n)\n{\n\tvoid *p;\n\n\tspin_lock(&l);\n\t%s\n\tp = kmalloc(%s, GFP_KERNEL);\n'
          '\tspin_unlock(&l);\n\treturn p;\n}\n')
LOCKED_LINE = 11


def locked_source(before_alloc='', size='n', include=''):
    """LOCKED with an optional statement before the allocation, a size
    expression and an #include line (which shifts LOCKED_LINE by one)."""
    return LOCKED % (include, before_alloc, size)


class Case:
    """The tree, the runner and the assertions every case shares."""

    def __init__(self, runner, tmpdir, entries):
        self.runner = runner
        self.tmp = os.path.join(tmpdir, 'hostile')
        os.makedirs(self.tmp, exist_ok=True)
        self.good = [e for e in entries if isinstance(e, dict)]
        self.refs = {}

    # ---- trees

    def path(self, name):
        return os.path.join(self.tmp, name)

    def entry_for(self, name, text=None):
        """A real kbuild command of the suite, compiling tmp/NAME (written
        from text unless None)."""
        src = self.path(name)
        if text is not None:
            with open(src, 'w') as f:
                f.write(text)
        e = dict(self.good[0])
        e['command'] = re.sub(r'-Wp,-MMD,\S+', '', e['command'].replace(e['file'], src))
        e['file'] = src
        return e

    def tree(self, name, entries=None, text=None):
        """A directory holding compile_commands.json: the entries as JSON,
        or text as it is."""
        d = self.path('tree-' + name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'compile_commands.json'), 'w') as f:
            f.write(text if text is not None else json.dumps(entries))
        return d

    # ---- running

    def run(self, args, **kw):
        """(rc, stdout, stderr) of one run; a sanitizer report fails the case."""
        if kw:
            pipes = {'stderr': subprocess.PIPE, 'stdout': subprocess.PIPE}
            pipes.update(kw)
            try:
                p = subprocess.run(self.runner.argv(args), env=self.runner.env, timeout=self.runner.timeout,
                                   **pipes)
            except subprocess.TimeoutExpired as e:
                return None, _text(e.stdout), _text(e.stderr)
            rc, out, err = p.returncode, _text(p.stdout), _text(p.stderr)
        else:
            rc, out, err = self.runner.run(args)
        san = sanitizer_error(err)
        assert not san, '%s: %s' % (' '.join(args[:1]), san)
        return rc, out, err

    def expect(self, args, rc, says=(), named=None, quiet_stdout=False, **kw):
        """Runs and checks the exit status, that stderr holds every
        fragment of `says`, and that `named` (the file or argument
        concerned) is named on exactly one line."""
        got, out, err = self.run(args, **kw)
        assert got == rc, '%s: %s (want %s); stderr: %s' % (
            ' '.join(args[:2]), describe_rc(got), rc, first_lines(err, 4) or '(empty)')
        for s in says:
            assert s in err, 'stderr lacks %r: %s' % (s, first_lines(err, 4) or '(empty)')
        assert '(null)' not in err, 'a message says (null): %s' % first_lines(err, 4)
        if named is not None:
            lines = [l for l in err.splitlines() if named in l]
            assert len(lines) == 1, '%r is named on %d lines (want 1): %s' % (named, len(lines), first_lines(err, 4))
        if quiet_stdout:
            assert out == '', 'a failed run printed a report: %r' % out[:200]
        return out, err

    def scan(self, cdb, db, *extra):
        return ['scan', '-p', cdb, '--db', db, '--format', 'json'] + list(extra)

    # ---- the database afterwards

    @staticmethod
    def state(db):
        """None if there is no database; else (integrity, findings, TUs),
        read without writing."""
        return stored_state(db) if os.path.exists(db) else None

    @staticmethod
    def findings(out):
        return sorted((os.path.basename(f['file']), f['line'], f['rule']) for f in json.loads(out)['findings'])

    def clean(self, cdb):
        """The findings and stored state of an undisturbed scan of cdb."""
        if cdb not in self.refs:
            db = self.runner.fresh_db('hostile-ref')
            rc, out, err = self.run(self.scan(cdb, db))
            assert rc in (0, 1), 'the clean scan of %s: %s %s' % (cdb, describe_rc(rc), first_lines(err))
            self.refs[cdb] = (self.findings(out), self.state(db))
        return self.refs[cdb]

    def assert_clean(self, db, cdb, out=None):
        """db holds what a clean scan of cdb stores (and out, if given,
        reports its findings)."""
        want_findings, want_state = self.clean(cdb)
        got = self.state(db)
        assert got is not None and got[0] == 'ok', 'the database afterwards: %s' % (got,)
        assert got == want_state, 'the database differs from a clean scan: %d findings, %d TUs (want %d, %d)' % (
            len(got[1]), got[2], len(want_state[1]), want_state[2])
        if out is not None:
            assert self.findings(out) == want_findings, 'reported %s, a clean scan %s' % (
                self.findings(out), want_findings)

    def scanned_db(self, cdb):
        """A new database holding a clean scan of cdb, and its state."""
        db = self.runner.fresh_db('hostile')
        rc, out, err = self.run(self.scan(cdb, db))
        assert rc in (0, 1), 'scan: %s %s' % (describe_rc(rc), first_lines(err))
        return db, self.state(db)


# ---------------------------------------------------------------- cases

def one_file_kills_or_stalls(c, check):
    """A TU that crashes or stalls a parser is a parse failure naming the
    file and the cause; the other TUs' findings are those of a scan
    without it; a re-scan allowing the failure agrees; the database is
    sound.  What used to kill our own walks is analysed."""
    others = c.good[:4]
    alone = c.tree('others', others)
    fifo = c.path('never-written.h')
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    bad_files = {
        # libclang overflows its stack (as clang does): the supervisor
        'deep-unary': ('deep_unary.c', '#include <linux/slab.h>\nint deep(void)\n{\n\treturn ' + '!' * 50000
                       + '1;\n}\n', [], 'gfpcheck died while parsing'),
        'unbraced-ifs': ('unbraced_ifs.c', '#include <linux/slab.h>\nint ifs(int n)\n{\n' + '\tif (n)\n' * 20000
                         + '\t\treturn 1;\n\treturn 0;\n}\n', [], 'gfpcheck died while parsing'),
        # the parser waits in open() for a FIFO nobody writes (a hung
        # network file system): --parse-timeout
        'hangs': ('hangs.c', '#include <linux/slab.h>\n#include "%s"\nint hangs(void)\n{\n\treturn 0;\n}\n' % fifo,
                  ['--parse-timeout', '20'], 'took longer than 20 s'),
    }
    for name, (fname, text, extra, cause) in bad_files.items():
        def dies(fname=fname, text=text, extra=extra, cause=cause):
            bad = c.entry_for(fname, text)
            mixed = c.tree('mixed-' + fname, others[:2] + [bad] + others[2:])
            db = c.runner.fresh_db('dying')
            out, err = c.expect(c.scan(mixed, db, '-j', '2', *extra), 2, says=[cause])
            said = [l for l in err.splitlines() if bad['file'] in l]
            assert said and all(cause in l for l in said), 'the lines naming the file: %s' % said
            report = json.loads(out)
            assert report['stats']['parse_failures'] == 1, 'stats.parse_failures %r' % report['stats']
            want, _ = c.clean(alone)
            assert c.findings(out) == want and want, 'the other files\' findings: %s, want %s' % (
                c.findings(out), want)
            rc, out, err = c.run(c.scan(mixed, db, '--max-parse-failures', '1', *extra))
            assert rc in (0, 1) and c.findings(out) == want, 'a re-scan allowing the failure: %s %s' % (
                describe_rc(rc), first_lines(err, 4))
            assert c.state(db)[0] == 'ok', 'integrity after the recovered runs: %s' % (c.state(db),)
        check(name + '-is-a-parse-failure', dies)
    # our own recursive and re-tokenizing walks: a 10,000-term sum and a
    # 10,000-term mask inside kmalloc(), 6,000 statements on one line
    analysed = {
        'deep-sum': locked_source(size=' + '.join(['n'] * 10000)),
        'deep-mask': (LOCKED % ('', '', 'n')).replace('GFP_KERNEL)', 'GFP_KERNEL' + ' | 0' * 10000 + ')'),
        'long-line': locked_source(before_alloc=' '.join('x = x * 3 + %d;' % i for i in range(6000))),
    }
    for name, text in analysed.items():
        def analyse(name=name, text=text):
            cdb = c.tree(name, [c.entry_for(name.replace('-', '_') + '.c', text)])
            db = c.runner.fresh_db(name)
            out, err = c.expect(c.scan(cdb, db, '--parse-timeout', '120'), 1)
            got = [(f['rule'], f['line']) for f in json.loads(out)['findings']]
            assert got == [('gfp-sleep-in-atomic', LOCKED_LINE)], 'findings %s' % got
            assert c.state(db)[0] == 'ok'
        check('analysed-' + name, analyse)


def facts_never_lost(c, check):
    """Entries, failures and inputs that used to lose facts silently."""
    def duplicate_entry():
        cdb = c.tree('all', c.good)
        dup = c.tree('dup', [c.good[0]] + c.good)
        db = c.runner.fresh_db('dup')
        out, err = c.expect(c.scan(dup, db, '-j', '2'), 1, says=['listed more than once'],
                            named='listed more than once')
        assert c.findings(out) == c.clean(cdb)[0], 'a duplicated entry changed the findings'
    check('compdb-duplicate-entry', duplicate_entry)

    def failure_reparsed_when_fixed(how):
        def test():
            name = 'fixed_' + how
            header = c.path(name + '.h')
            src = c.path(name + '.c')
            text = locked_source(include='#include "%s.h"\n' % name)
            cdb = c.tree(name, [c.entry_for(name + '.c', text)])
            db = c.runner.fresh_db(name)
            if os.path.exists(header):
                os.unlink(header)
            if how == 'header-created':
                c.expect(c.scan(cdb, db), 2, says=['parse failure', name + '.h'], named='parse failure in')
                with open(header, 'w') as f:
                    f.write('/* here now */\n')
            else:
                with open(header, 'w') as f:
                    f.write('/* here */\n')
                c.expect(c.scan(cdb, db), 1)
                os.rename(src, src + '.away')
                c.expect(c.scan(cdb, db), 2, says=['parse failure'], named=src)
                os.rename(src + '.away', src)
            out, err = c.expect(c.scan(cdb, db), 1)
            got = [(f['rule'], f['line']) for f in json.loads(out)['findings']]
            assert got == [('gfp-sleep-in-atomic', LOCKED_LINE + 1)], 'after the fix: %s' % got
            assert json.loads(out)['stats']['parse_failures'] == 0
            assert c.state(db)[0] == 'ok'
        return test
    check('missing-header-created-later', failure_reparsed_when_fixed('header-created'))
    check('source-deleted-then-restored', failure_reparsed_when_fixed('file-restored'))

    def bad_sources():
        # a source with syntax errors and one that does not exist: each a
        # counted parse failure naming it; the others checked
        broken = c.entry_for('broken.c', '#include <linux/slab.h>\nint broken(void\n{\n\treturn 0 +;\n}\n')
        gone = c.entry_for('does_not_exist.c')
        if os.path.exists(gone['file']):
            os.unlink(gone['file'])
        cdb = c.tree('bad-sources', c.good[:2] + [broken, gone])
        db = c.runner.fresh_db('badsrc')
        out, err = c.expect(c.scan(cdb, db), 2, says=['2 of 4 translation units failed to parse'])
        for f in (broken['file'], gone['file']):
            assert len([l for l in err.splitlines() if f in l and 'parse failure' in l]) == 1, \
                '%s is not named once as a parse failure: %s' % (f, first_lines(err, 6))
        assert json.loads(out)['stats']['parse_failures'] == 2
        assert c.findings(out) == c.clean(c.tree('first-two', c.good[:2]))[0]
        assert c.state(db)[0] == 'ok'
    check('bad-sources-counted', bad_sources)


def compile_databases(c, check):
    """A compile database that cannot be read whole changes nothing."""
    good_text = json.dumps(c.good[:3])
    cases = {
        'cut-off': ('[\n' + ',\n'.join(json.dumps(e) for e in c.good[:3]) + ',\n', 'cut off'),
        'trailing-garbage': (good_text + ' ]', 'not valid JSON'),
        'not-a-list': (json.dumps(c.good[0]), 'not a JSON list'),
        'entry-without-command': (json.dumps([{'directory': '/tmp', 'file': '/tmp/x.c'}]), 'entry 1 lacks'),
        'empty-file': ('', 'compile database'),
        'empty-list': ('[]', 'holds no compile commands'),
        'no-c-file': (json.dumps([dict(c.good[0], file=os.path.splitext(c.good[0]['file'])[0] + '.S')]),
                      'no C source'),
    }
    # each refused database leaves an existing database as it was
    base = c.tree('base', c.good[:3])
    for name, (text, says) in cases.items():
        def refused(name=name, text=text, says=says):
            db, before = c.scanned_db(base)
            cdb = c.tree(name, text=text)
            c.expect(c.scan(cdb, db), 2, says=[says], named=os.path.join(cdb, 'compile_commands.json'),
                     quiet_stdout=True)
            assert c.state(db) == before, 'the database changed'
        check('compdb-' + name, refused)

    def from_pipe():
        with open(os.path.join(base, 'compile_commands.json')) as f:
            text = f.read()
        before = set(os.listdir('/tmp'))
        db = c.runner.fresh_db('pipe')
        out, err = c.expect(c.scan('/dev/stdin', db), 1, input=text.encode())
        c.assert_clean(db, base, out)
        left = [n for n in set(os.listdir('/tmp')) - before if n.startswith('gfpcheck-cdb-')]
        assert not left, 'temporary copies left behind: %s' % left
    check('compdb-from-pipe', from_pipe)

    def killed_pipe_scan_leaves_nothing():
        # what a SIGKILLed scan of a piped compile database left is removed
        # by the next one (the pid in the name says its owner is gone)
        stale = '/tmp/gfpcheck-cdb-%d-hostile' % dead_pid()
        os.makedirs(stale, exist_ok=True)
        with open(os.path.join(stale, 'compile_commands.json'), 'w') as f:
            f.write('[]')
        with open(os.path.join(base, 'compile_commands.json')) as f:
            text = f.read()
        c.expect(c.scan('/dev/stdin', c.runner.fresh_db('pipe')), 1, input=text.encode())
        assert not os.path.exists(stale), 'a killed scan\'s temporary %s was not removed' % stale
    check('compdb-stale-temporary-removed', killed_pipe_scan_leaves_nothing)

    def kernel_tus_probed_first():
        # host tools (no kernel headers) before the kernel's TUs: the GFP
        # probe still finds the values
        host = []
        for i in range(6):
            src = c.path('host_tool_%d.c' % i)
            with open(src, 'w') as f:
                f.write('#include <stdio.h>\nint main(void) { return puts("tool %d") < 0; }\n' % i)
            host.append({'directory': c.tmp, 'file': src, 'command': 'cc -O2 -c -o %s.o %s' % (src[:-2], src)})
        cdb = c.tree('host-first', host + c.good[:3])
        db = c.runner.fresh_db('host')
        out, err = c.expect(c.scan(cdb, db), 1)
        assert c.findings(out) == c.clean(base)[0], 'findings %s' % c.findings(out)
    check('compdb-host-tools-first', kernel_tus_probed_first)


def dead_pid():
    """A process id no process has: a child that has exited and been reaped."""
    p = subprocess.Popen(['true'])
    p.wait()
    return p.pid


def con_first_finding(db):
    """(file, line) of the first stored finding"""
    con = sqlite3.connect(db)
    try:
        return con.execute('SELECT files.path, f.line FROM findings f JOIN files ON files.id = f.file_id'
                           ' ORDER BY f.id LIMIT 1').fetchone()
    finally:
        con.close()


def databases(c, check):
    """Only gfpcheck's own databases are changed; read commands never
    change one; one that cannot be opened or written is named."""
    base = c.tree('db-base', c.good[:3])

    def foreign_sqlite():
        app = c.path('app.db')
        if os.path.exists(app):
            os.unlink(app)
        con = sqlite3.connect(app)
        con.executescript('CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE users (name TEXT);'
                          "INSERT INTO users VALUES ('ada');")
        con.commit()
        con.close()
        with open(app, 'rb') as f:
            before = f.read()
        c.expect(c.scan(base, app), 2, says=['something else'], named=app, quiet_stdout=True)
        for args in (['explain', '--db', app, c.good[0]['file'] + ':1'], ['merge', '--db', c.path('m-app.db'), app]):
            c.expect(args, 2, named=app)
        with open(app, 'rb') as f:
            assert f.read() == before, 'the other application\'s database was changed'
        assert not os.path.exists(app + '-wal'), 'a WAL file appeared beside it'
    check('foreign-sqlite-untouched', foreign_sqlite)

    def read_command_other_version():
        db, before = c.scanned_db(base)
        con = sqlite3.connect(db)
        con.execute('PRAGMA user_version = 1')
        con.commit()
        con.close()
        src = c.good[0]['file']
        c.expect(['explain', '--db', db, src + ':1'], 2, says=['another version'], named=db)
        c.expect(['debug', 'flow', '--db', db, 'f'], 2, says=['another version'], named=db)
        assert c.state(db) == before, 'a read command changed the database'
    check('read-commands-never-write', read_command_other_version)

    def stored_unknown_rule():
        """A stored finding of a rule this gfpcheck does not have (another
        version wrote it, or an edit) is an error naming it, not dropped."""
        db, _ = c.scanned_db(base)
        con = sqlite3.connect(db)
        con.execute("INSERT INTO local_findings(function_id, rule, line, col, message)"
                    " SELECT min(id), 'gfp-no-such-rule', 1, 1, 'x' FROM functions")
        con.commit()
        con.close()
        c.expect(['merge', '--db', c.path('m-unknown-rule.db'), db], 2, named='gfp-no-such-rule')
        db, _ = c.scanned_db(base)
        con = sqlite3.connect(db)
        n = con.execute("UPDATE findings SET rule = 'gfp-no-such-rule'").rowcount
        con.commit()
        con.close()
        assert n > 0, 'the scan stored no finding to edit'
        file, line = con_first_finding(db)
        c.expect(['explain', '--db', db, '%s:%d' % (file, line)], 2, named='gfp-no-such-rule')
    check('stored-finding-of-unknown-rule', stored_unknown_rule)

    def missing_directory():
        db = c.path('no/such/dir/x.db')
        c.expect(c.scan(base, db), 2, says=['cannot open database', 'No such file or directory'], named=db,
                 quiet_stdout=True)
    check('database-directory-missing', missing_directory)

    def read_only():
        # a database on read-only media: a scan says so once, naming it,
        # and changes nothing; explain reads it
        db, before = c.scanned_db(base)
        con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
        path, line, message = con.execute('SELECT path, line, message FROM findings JOIN files'
                                          ' ON files.id = file_id ORDER BY path, line').fetchone()
        con.close()
        with read_only_copy(c, db) as ro:
            c.expect(c.scan(base, ro), 2, says=['cannot'], named=ro, quiet_stdout=True)
            out, err = c.expect(['explain', '--db', ro, '%s:%d' % (path, line)], 1)
            assert message in out, 'explain on the read-only database: %r' % out[:300]
            assert c.state(ro) == before, 'the read-only copy differs'
    check('database-read-only', read_only)

    def disk_full():
        # the database cannot grow (a full disk: RLIMIT_FSIZE, SIGXFSZ
        # ignored): the re-scan fails with a message, the previous state
        # stays
        half = c.tree('half', c.good[:2])
        db, before = c.scanned_db(half)
        more = c.tree('more', c.good)

        def limit():
            import resource
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            # no file may grow past 256 KiB: the database is larger already
            resource.setrlimit(resource.RLIMIT_FSIZE, (256 << 10, 256 << 10))
        rc, out, err = c.run(c.scan(more, db), preexec_fn=limit)
        assert rc == 2, 'a scan that cannot write its database: %s (want 2); %s' % (describe_rc(rc), first_lines(err))
        lines = [l for l in err.splitlines() if db in l]
        assert len(lines) == 1 and 'cannot write database' in lines[0], \
            'the message does not say once what failed: %s' % first_lines(err, 4)
        assert c.state(db) == before, 'the previous state was not kept: %s' % (c.state(db),)
        out, err = c.expect(c.scan(more, db), 1)
        c.assert_clean(db, more, out)
    check('database-disk-full', disk_full)

    def concurrent_scans():
        db = c.runner.fresh_db('concurrent')
        ps = [subprocess.Popen(c.runner.argv(c.scan(base, db)), env=c.runner.env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE) for _ in range(2)]
        outs = [p.communicate(timeout=c.runner.timeout) for p in ps]
        for p, (out, err) in zip(ps, outs):
            assert p.returncode == 1, 'a concurrent scan: %s %s' % (describe_rc(p.returncode),
                                                                      first_lines(_text(err)))
            assert c.findings(_text(out)) == c.clean(base)[0]
        c.assert_clean(db, base)
    check('concurrent-scans-agree', concurrent_scans)

    def waits_for_a_long_scan():
        # the first scan holds the database for longer than sqlite's usual
        # busy timeouts (it waits on a FIFO until --parse-timeout): the
        # second waits, says so once, and then scans
        fifo = c.path('never-written.h')
        if not os.path.exists(fifo):
            os.mkfifo(fifo)
        slow = c.entry_for('slow_hold.c', '#include <linux/slab.h>\n#include "%s"\n' % fifo)
        long_tree = c.tree('long-hold', c.good[:1] + [slow])
        db = c.runner.fresh_db('wait')
        first = subprocess.Popen(c.runner.argv(c.scan(long_tree, db, '--parse-timeout', '15')), env=c.runner.env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(3)
        assert first.poll() is None, 'the long scan ended early: %s' % describe_rc(first.returncode)
        out, err = c.expect(c.scan(base, db), 1, named='waiting for another gfpcheck run to finish with')
        first.communicate(timeout=c.runner.timeout)
        assert first.returncode == 2, 'the long scan: %s (want 2, its parse failure)' % describe_rc(first.returncode)
        assert c.findings(out) == c.clean(base)[0], 'the waiting scan\'s findings'
    check('scan-waits-for-another', waits_for_a_long_scan)


class read_only_copy:
    """A copy of a database on a read-only file system (a tmpfs mounted
    read-only; as root, permissions would not stop a write)."""

    def __init__(self, c, db):
        self.c, self.db = c, db

    def __enter__(self):
        import shutil
        self.dir = self.c.path('ro-mount')
        os.makedirs(self.dir, exist_ok=True)
        copy = os.path.join(self.dir, 'ro.db')
        if os.geteuid() != 0:
            self.mounted = False
            if os.path.exists(copy):
                os.chmod(copy, 0o644)
            shutil.copy(self.db, copy)
            os.chmod(copy, 0o444)
            os.chmod(self.dir, 0o555)
            return copy
        r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', self.dir], capture_output=True)
        assert r.returncode == 0, 'cannot mount a tmpfs for the read-only case: %s' % _text(r.stderr)
        self.mounted = True
        shutil.copy(self.db, copy)
        r = subprocess.run(['mount', '-o', 'remount,ro', self.dir], capture_output=True)
        assert r.returncode == 0, 'cannot remount read-only: %s' % _text(r.stderr)
        return copy

    def __exit__(self, *exc):
        if self.mounted:
            subprocess.run(['umount', self.dir], capture_output=True)
        else:
            os.chmod(self.dir, 0o755)
        return False


def merges(c, check):
    """merge never loses its previous output, names bad inputs, removes
    its temporary."""
    base = c.tree('merge-base', c.good[:3])
    shard, _ = c.scanned_db(base)

    def to_directory():
        outdir = c.path('merge-out-dir')
        os.makedirs(outdir, exist_ok=True)
        c.expect(['merge', '--db', outdir, shard], 2, says=['is a directory'], named=outdir, quiet_stdout=True)
        left = [f for f in os.listdir(c.tmp) if '.merge-' in f] + os.listdir(outdir)
        assert not left, 'merge left temporary files: %s' % left
    check('merge-to-directory', to_directory)

    def bad_inputs():
        junk = c.path('not-a-database.db')
        with open(junk, 'w') as f:
            f.write('hello\n')
        out_db = c.path('merge-bad-out.db')
        c.expect(['merge', '--db', out_db, shard, junk], 2, named=junk, quiet_stdout=True)
        missing = c.path('no-such-shard.db')
        c.expect(['merge', '--db', out_db, shard, missing], 2, named=missing, quiet_stdout=True)
        assert not os.path.exists(out_db), 'a failed merge wrote its output'
        other, _ = c.scanned_db(c.tree('other-tree', c.good[:2]))
        c.expect(['merge', '--db', out_db, shard, other, '-q'], 1, says=['different trees'], named=other)
    check('merge-bad-inputs-named', bad_inputs)

    def killed_keeps_previous():
        # SIGKILL at any point leaves the previous output or the new one,
        # whole; the next merge removes the dead one's temporary
        out_db = c.path('merge-kept.db')
        for f in os.listdir(c.tmp):
            if f.startswith('merge-kept.db'):
                os.unlink(c.path(f))
        c.expect(['merge', '--db', out_db, shard, '-q'], 1)
        before = c.state(out_db)
        landed = 0
        for delay in (0.05, 0.3, 1.0):
            p = subprocess.Popen(c.runner.argv(['merge', '--db', out_db, shard, '-q']), env=c.runner.env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.communicate()
            landed += p.returncode == -signal.SIGKILL
            assert c.state(out_db) == before, 'after SIGKILL at %.2f s: %s' % (delay, c.state(out_db))
        assert landed, 'every merge ended before its kill: the kills prove nothing'
        stale = '%s.merge-%d' % (out_db, dead_pid())
        with open(stale, 'w') as f:
            f.write('left by a killed merge')
        c.expect(['merge', '--db', out_db, shard, '-q'], 1)
        left = [f for f in os.listdir(c.tmp) if f.startswith('merge-kept.db.merge-')]
        assert not left, 'temporaries left: %s' % left
        assert c.state(out_db) == before
    check('merge-killed-keeps-previous', killed_keeps_previous)


def outputs(c, check):
    """A report that cannot be written is an error (exit 2), never a pass."""
    base = c.tree('out-base', c.good[:3])
    db, _ = c.scanned_db(base)

    def not_writable():
        missing = c.path('no/such/dir/report.json')
        for dest in (missing, '/dev/full'):
            c.expect(['scan', '-p', base, '--db', db, '--format', 'json', '-o', dest], 2,
                     says=['cannot write %s' % dest], named=dest)
    check('output-file-not-writable', not_writable)

    def stdout_full():
        with open('/dev/full', 'w') as full:
            c.expect(c.scan(base, db), 2, says=['cannot write the output'], stdout=full, stdin=subprocess.DEVNULL)
    check('report-to-full-disk', stdout_full)


def command_lines(c, check):
    """Every bad value is refused (exit 2) with one line naming it, before
    any database is made."""
    base = c.tree('cli-base', c.good[:2])
    bad = [
        ('jobs-suffix', ['-j', '2abc'], '2abc'),
        ('jobs-overflow', ['-j', '4294967297'], '4294967297'),
        ('jobs-zero', ['-j', '0'], "'0'"),
        ('jobs-too-many', ['-j', '100000'], '100000'),
        ('shard-suffix', ['--shard', '1/2x'], '1/2x'),
        ('shard-out-of-range', ['--shard', '3/2'], '3/2'),
        ('disable-empty-item', ['--disable', ','], "','"),
        ('disable-empty-in-list', ['--disable', 'gfp-nofail,,gfp-zeroing'], 'gfp-nofail,,gfp-zeroing'),
        ('enable-unknown', ['--enable', 'no-such-rule'], 'no-such-rule'),
        ('severity-bad-level', ['--severity', 'gfp-nofail:fatal'], 'fatal'),
        ('rules-is-a-directory', ['--rules', '/tmp'], '/tmp'),
        ('rules-missing', ['--rules', '/no/such.rules'], '/no/such.rules'),
        ('fail-on-unknown', ['--fail-on', 'sometimes'], 'sometimes'),
        ('max-parse-failures-negative', ['--max-parse-failures', '-1'], "'-1'"),
        ('parse-timeout-suffix', ['--parse-timeout', '2x'], '2x'),
        ('format-unknown', ['--format', 'no-such-format'], 'no-such-format'),
        ('two-formats-on-stdout', ['--format', 'json', '--format', 'sarif'], 'stdout'),
        ('unknown-option', ['--no-such-option'], '--no-such-option'),
        ('root-missing', ['--root', '/no/such/root'], '/no/such/root'),
        ('baseline-missing', ['--baseline', '/no/such/baseline.json'], '/no/such/baseline.json'),
    ]
    for name, extra, named in bad:
        def refused(extra=extra, named=named):
            db = c.runner.fresh_db('cli')
            out, err = c.expect(['scan', '-p', base, '--db', db] + extra, 2, named=named, quiet_stdout=True)
            lines = [l for l in err.splitlines() if l.strip()]
            assert len(lines) == 1, 'want one line, got %d: %s' % (len(lines), first_lines(err, 4))
            assert c.state(db) is None, 'a refused command made a database'
        check('cli-' + name, refused)
    # a rules file's unknown key or value is an error at its line, not a
    # rule that silently does nothing
    for name, line, says in (
            ('unknown-key', 'alloc gfpcheck_test_alloc family=slab gpf=1', "unknown key 'gpf'"),
            ('unknown-value', 'alloc gfpcheck_test_alloc family=slba gfp=1', "unknown family 'slba'")):
        def rules_refused(name=name, line=line, says=says):
            rules = c.path('%s.rules' % name)
            with open(rules, 'w') as f:
                f.write('# a comment line\n%s\n' % line)
            db = c.runner.fresh_db('cli')
            out, err = c.expect(['scan', '-p', base, '--db', db, '--rules', rules], 2, says=[says],
                                named=rules + ':2:', quiet_stdout=True)
            lines = [l for l in err.splitlines() if l.strip()]
            assert len(lines) == 1, 'want one line, got %d: %s' % (len(lines), first_lines(err, 4))
            assert c.state(db) is None, 'a refused command made a database'
        check('cli-rules-' + name, rules_refused)
    for name, args, named in (
            ('missing-p', ['scan', '--db', c.path('x.db')], '-p'),
            ('nonexistent-p', ['scan', '-p', '/no/such/tree', '--db', c.path('x.db')], '/no/such/tree'),
            ('unknown-command', ['no-such-command'], 'no-such-command'),
            ('option-of-another-command', ['explain', '--shard', '1/2', 'x.c:1'], '--shard')):
        def usage(args=args, named=named):
            c.expect(args, 2, named=named, quiet_stdout=True)
            assert not os.path.exists(c.path('x.db')), 'a refused command made a database'
        check('cli-' + name, usage)


def run_hostile_tests(runner, results, tmpdir, entries):
    """entries: the compile database of the intra suite (real kbuild
    commands against the suite's kernel headers)."""
    c = Case(runner, tmpdir, entries)

    def check(name, fn):
        results.check('hostile/' + name, fn)
    for group in (one_file_kills_or_stalls, facts_never_lost, compile_databases, databases, merges, outputs,
                  command_lines):
        # a group's set-up (a scan its cases share) failing is a failure
        # of the group, not a crashed run
        results.check('hostile/%s-setup' % group.__name__.replace('_', '-'), lambda: group(c, check))
