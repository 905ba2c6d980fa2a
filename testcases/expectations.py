# SPDX-License-Identifier: GPL-2.0
"""The grammar of what a test file expects, shared by run_tests.py (the
kbuild suites) and engine_tests.py (the engine tier); it runs nothing.

  /* expect: rule[:severity] ["fragment" ...][, ...] */   a finding here
  /* expect-miss: rule[, rule] */                         a known false negative
  gfpcheck-test: since X.Y                                the kernel version the file needs
  check-output-start [X.Y] ... check-output-end           the text output for the file
  check-known-to-fail [X.Y]                               that output is not printed yet
  check-cfg: FUNCTION / check-flow: FUNCTION ... check-end
                                                          a `gfpcheck debug` dump

A malformed line is an InputError (ValueError for a check-cfg/-flow block)
naming the file: relative to the `root` the caller passes when it is
inside it, else as given.
"""

import collections
import os
import re

RULE_RE = re.compile(r'^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$')
EXPECT_RE = re.compile(r'/\*\s*expect:(?P<rules>[^*]*)\*/|//\s*expect:(?P<rules2>.*)$')
EXPECT_WORD_RE = re.compile(r'\bexpect\s*:')
# One expectation: `rule` or `rule:severity`, followed by quoted
# fragments, each of which the finding's message or one step of its chain
# ("function: note") must contain (`/* expect: gfp-nofail:error "cannot
# block" */`).
EXPECT_ITEM_RE = re.compile(r'\s*(?P<rule>[a-z][a-z0-9-]*)(?::(?P<sev>error|warning|note))?'
                            r'(?P<frags>(?:\s+"[^"]*")*)\s*(?:,|$)')
# A known false negative (sparse's "known to fail"): the finding should be
# reported there but is not yet.  It does not fail the test; when it starts
# being reported the test says so, to turn it into an expect comment.
MISS_RE = re.compile(r'/\*\s*expect-miss:(?P<rules>[^*]*)\*/')
# The golden text output of a file (sparse's check-output-start/-end), in a
# comment: the lines gfpcheck's text format prints for the findings located
# in that file, each finding followed by its `note:` chain, in the order it
# prints them, with paths relative to the suites directory (`inter/x.c:40:6:
# warning: ...`).  `check-output-start 6.1` holds the output for one kernel
# version only (for a chain through a kernel header, whose lines differ);
# the unversioned block serves every other version.  `check-known-to-fail`
# in the file (`check-known-to-fail 6.1`: for that version): the block is
# the correct output, which gfpcheck does not print yet; a difference is
# shown but does not fail the test.
GOLDEN_START_RE = re.compile(r'^\s*(?:/\*|\*)?\s*check-output-start(?:\s+(?P<major>\d+)\.(?P<minor>\d+))?\s*$')
GOLDEN_END_RE = re.compile(r'^\s*\*?\s*check-output-end\s*$')
GOLDEN_LINE_RE = re.compile(r'^\s*\* ?')
KNOWN_TO_FAIL_RE = re.compile(r'\bcheck-known-to-fail(?:[ \t]+(?P<major>\d+)\.(?P<minor>\d+))?')
# A test that needs a kernel version: `gfpcheck-test: since 6.5 (why)`.
SINCE_RE = re.compile(r'gfpcheck-test:\s*since\s+(?P<major>\d+)\.(?P<minor>\d+)')
# The engine tier's dumps: ` * check-cfg: FUNCTION` ... ` * check-end`.
CHECK_START_RE = re.compile(r'^\s*(?:/\*|\*)?\s*check-(?P<what>cfg|flow):\s*(?P<fn>[A-Za-z_]\w*)\s*$')
CHECK_END_RE = re.compile(r'^\s*\*?\s*check-end\s*$')
COMMENT_LINE_RE = re.compile(r'^\s*\* ?')


class InputError(Exception):
    pass


def rel(path, root):
    """Path for display: relative to root when inside it (root None: as given)."""
    if root is None:
        return path
    try:
        r = os.path.relpath(path, root)
    except ValueError:
        return path
    return path if r.startswith('..') else r


def parse_expect_items(text):
    """[(rule, severity or None, fragment or None)], or None if malformed."""
    items, pos, text = [], 0, text.strip()
    while pos < len(text):
        m = EXPECT_ITEM_RE.match(text, pos)
        if not m or m.end() == pos:
            return None
        items.append((m.group('rule'), m.group('sev'), re.findall(r'"([^"]*)"', m.group('frags'))))
        pos = m.end()
    return items or None


def parse_expectations(path, details=None, root=None):
    """Counter of (line, rule) from the expect comments of one file; when
    details is a dict, (line, rule) -> [(severity, fragment)] goes there."""
    exp = collections.Counter()
    with open(path, encoding='utf-8', errors='replace') as f:
        for lineno, line in enumerate(f, 1):
            matches = list(EXPECT_RE.finditer(line))
            if not matches:
                if EXPECT_WORD_RE.search(line):
                    raise InputError('%s:%d: malformed expect comment (want `/* expect: rule-id[, rule-id] */`)'
                                     % (rel(path, root), lineno))
                continue
            for m in matches:
                text = m.group('rules') if m.group('rules') is not None else m.group('rules2')
                items = parse_expect_items(text)
                if not items or any(not RULE_RE.match(r) for r, _, _ in items):
                    raise InputError('%s:%d: malformed expect comment: %r' % (rel(path, root), lineno, m.group(0)))
                for r, sev, frags in items:
                    exp[(lineno, r)] += 1
                    if details is not None and (sev or frags):
                        details.setdefault((lineno, r), []).append((sev, frags))
    return exp


def finding_shows(f, sev, frags):
    """Does finding f have severity sev and show every fragment in its
    message or in a step of its chain ("function: note")?"""
    if sev and f.get('severity') != sev:
        return False
    texts = [str(f.get('message'))]
    texts += ['%s: %s' % (t.get('function'), t.get('note')) for t in f.get('trace') or []]
    return all(any(frag in t for t in texts) for frag in frags)


def parse_known_misses(path, root=None):
    """Counter of (line, rule) from the expect-miss comments of one file."""
    misses = collections.Counter()
    with open(path, encoding='utf-8', errors='replace') as f:
        for lineno, line in enumerate(f, 1):
            for m in MISS_RE.finditer(line):
                for r in (r.strip() for r in m.group('rules').split(',')):
                    if not RULE_RE.match(r):
                        raise InputError('%s:%d: malformed expect-miss comment' % (rel(path, root), lineno))
                    misses[(lineno, r)] += 1
    return misses


def required_version(path):
    """(major, minor) a test file needs, or None."""
    with open(path, encoding='utf-8', errors='replace') as f:
        m = SINCE_RE.search(f.read(4096))
    return (int(m.group('major')), int(m.group('minor'))) if m else None


def parse_golden(path, root=None):
    """({(major, minor) or None: [line]}, {(major, minor) or None}) from
    the golden blocks of one file (empty when it has none) and its
    check-known-to-fail markers (None: every version)."""
    blocks, known, cur = {}, set(), None
    with open(path, encoding='utf-8', errors='replace') as f:
        for lineno, line in enumerate(f, 1):
            m = KNOWN_TO_FAIL_RE.search(line)
            if m:
                known.add((int(m.group('major')), int(m.group('minor'))) if m.group('major') else None)
            m = GOLDEN_START_RE.match(line)
            if m:
                if cur is not None:
                    raise InputError('%s:%d: check-output-start inside a block' % (rel(path, root), lineno))
                ver = (int(m.group('major')), int(m.group('minor'))) if m.group('major') else None
                if ver in blocks:
                    raise InputError('%s:%d: a second check-output-start%s block'
                                     % (rel(path, root), lineno, ' %d.%d' % ver if ver else ''))
                cur = blocks[ver] = []
            elif GOLDEN_END_RE.match(line):
                if cur is None:
                    raise InputError('%s:%d: check-output-end without a start' % (rel(path, root), lineno))
                cur = None
            elif cur is not None:
                text = GOLDEN_LINE_RE.sub('', line, count=1).rstrip()
                if text:
                    cur.append(text)
            elif re.search(r'check-output-(?:start|end)', line):
                raise InputError('%s:%d: malformed check-output line (want `check-output-start` '
                                 '[X.Y] alone on its comment line)' % (rel(path, root), lineno))
    if cur is not None:
        raise InputError('%s: check-output-start without check-output-end' % rel(path, root))
    return blocks, known


def check_blocks(path):
    """[(what, function, expected lines)] of one file's check-cfg and
    check-flow blocks; ValueError names a malformed block."""
    blocks, cur = [], None
    with open(path, encoding='utf-8', errors='replace') as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if cur is None:
                m = CHECK_START_RE.match(line)
                if m:
                    cur = (m.group('what'), m.group('fn'), [], lineno)
                elif 'check-cfg' in line or 'check-flow' in line or 'check-end' in line:
                    raise ValueError('%s:%d: malformed check line (want ` * check-cfg: FUNCTION`, '
                                     '` * check-flow: FUNCTION` or ` * check-end`)' % (os.path.basename(path), lineno))
            elif CHECK_END_RE.match(line):
                blocks.append(cur[:3])
                cur = None
            elif '*/' in line or not COMMENT_LINE_RE.match(line):
                raise ValueError('%s:%d: check-%s block of %s not ended by ` * check-end`'
                                 % (os.path.basename(path), cur[3], cur[0], cur[1]))
            else:
                cur[2].append(COMMENT_LINE_RE.sub('', line, count=1).rstrip())
    if cur is not None:
        raise ValueError('%s:%d: check-%s block of %s not ended by ` * check-end`'
                         % (os.path.basename(path), cur[3], cur[0], cur[1]))
    return blocks
