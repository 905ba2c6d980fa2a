#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a compile_commands.json from the `.*.o.cmd` files kbuild leaves behind.

Usage: gen_compile_commands.py -d OBJTREE -o OUT.json [DIR ...]
       gen_compile_commands.py --kdir KDIR MODULE_DIR [-o OUT.json]

OBJTREE is the kernel build directory (the directory passed to `make -C`);
kbuild runs the compiler from there, so the relative -I paths in its commands
are relative to it and every entry gets it as "directory".  Each DIR (default:
OBJTREE) is walked for files named `.*.o.cmd`; the `cmd_<target> := <command>`
line (`savedcmd_` from Linux 6.3 on) is read, anything after the first
unquoted `;` (objtool, recordmcount, ...) is dropped, and commands that
compile exactly one .c file with -c are kept, unchanged otherwise: gcc flags
are left as kbuild wrote them.

The second form is for an out-of-tree module in one command: it builds the
module with kbuild (`make -C KDIR M=MODULE_DIR modules`, so the commands are
current) and writes MODULE_DIR/compile_commands.json unless -o says otherwise.

OBJTREE must be a configured kernel build directory (it has a Makefile and
include/generated/autoconf.h): given a module's own directory instead, every
relative -I would resolve against the wrong place and no file would parse.

Exit status: 0 on success, 1 if no entries were found, 2 for usage errors
(missing or unreadable directories, unwritable output).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

PROG = os.path.basename(sys.argv[0])

# `cmd_/path/to/x.o := gcc ...` or, from 6.3 on, `savedcmd_/path/to/x.o := ...`
CMD_LINE_RE = re.compile(r'^(?:saved)?cmd_(?P<target>\S+\.o)\s+:=\s*(?P<cmd>.*)$')

# Options whose value is the next argument: a .c name there is not a source.
OPTS_WITH_VALUE = {
    '-o', '-MF', '-MT', '-MQ', '-include', '-imacros', '-isystem', '-idirafter',
    '-iquote', '-I', '-D', '-U', '-x', '-Xassembler', '-Xlinker', '-Xpreprocessor',
    '--param', '-aux-info',
}


def die(msg, status=2):
    print('%s: %s' % (PROG, msg), file=sys.stderr)
    sys.exit(status)


def warn(msg):
    print('%s: warning: %s' % (PROG, msg), file=sys.stderr)


def split_unquoted(cmd, sep=';'):
    """Return cmd up to the first `sep` that is not inside quotes or escaped."""
    quote = None
    i = 0
    while i < len(cmd):
        c = cmd[i]
        if quote:
            if c == '\\' and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c == '\\':
            i += 2
            continue
        elif c in ('"', "'"):
            quote = c
        elif c == sep:
            return cmd[:i]
        i += 1
    return cmd


def unescape_make(cmd):
    """Undo kbuild's make-level escaping of saved commands ($$ and $(pound))."""
    return cmd.replace('$(pound)', '#').replace('$$', '$')


def source_of(cmd):
    """The one .c file a compile command compiles, or None."""
    try:
        argv = shlex.split(cmd)
    except ValueError:
        return None
    if not argv or '-c' not in argv:
        return None
    sources = []
    skip = False
    for arg in argv[1:]:
        if skip:
            skip = False
            continue
        if arg in OPTS_WITH_VALUE:
            skip = True
            continue
        if arg.startswith('-'):
            continue
        if arg.endswith('.c'):
            sources.append(arg)
    if len(sources) != 1:
        return None
    return sources[0]


def read_cmd_file(path):
    """(target, command) from a .cmd file, or None when it has no cmd_ line."""
    try:
        with open(path, 'r', encoding='utf-8', errors='surrogateescape') as f:
            for line in f:
                m = CMD_LINE_RE.match(line.rstrip('\n'))
                if m:
                    return m.group('target'), m.group('cmd')
    except OSError as e:
        warn('cannot read %s: %s' % (path, e.strerror))
    return None


def check_objtree(objtree, given):
    """Refuse a directory that is not a configured kernel build directory."""
    if not os.path.isdir(objtree):
        die('kernel build directory %s does not exist' % given)
    missing = [p for p in ('Makefile', os.path.join('include', 'generated', 'autoconf.h'))
               if not os.path.isfile(os.path.join(objtree, p))]
    if missing:
        die('%s is not a configured kernel build directory (no %s): pass the directory '
            'given to `make -C` (for an out-of-tree module: --kdir KDIR MODULE_DIR)'
            % (given, ' or '.join(missing)))


def build_module(kdir, module):
    """make -C KDIR M=MODULE modules, so that the .cmd files are current."""
    cmd = ['make', '-C', kdir, 'M=' + module, 'modules']
    print('%s: %s' % (PROG, ' '.join(cmd)), file=sys.stderr)
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        tail = p.stderr.strip().splitlines()[-5:]
        die('building the module failed (exit %d):\n  %s' % (p.returncode, '\n  '.join(tail)))


def find_cmd_files(top):
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith('.') and name.endswith('.o.cmd'):
                yield os.path.join(dirpath, name)


def collect(objtree, dirs, include_generated):
    entries = {}
    for top in dirs:
        for cmd_path in find_cmd_files(top):
            parsed = read_cmd_file(cmd_path)
            if parsed is None:
                continue
            _target, raw = parsed
            cmd = split_unquoted(unescape_make(raw)).strip()
            src = source_of(cmd)
            if src is None:
                continue
            if not include_generated and src.endswith('.mod.c'):
                continue  # modpost's generated module info: no code of interest
            if not include_generated and os.path.basename(_target) == '.module-common.o':
                continue  # 6.10+: kbuild's module glue (scripts/module-common.c), not the module's code
            path = os.path.normpath(os.path.join(objtree, src))
            if not os.path.isfile(path):
                warn('%s: source %s does not exist; skipped' % (cmd_path, path))
                continue
            if path in entries and entries[path]['command'] != cmd:
                warn('%s is compiled by more than one command; keeping the first' % path)
                continue
            entries.setdefault(path, {'directory': objtree, 'file': path, 'command': cmd})
    return [entries[k] for k in sorted(entries)]


def write_atomically(out, data):
    out_dir = os.path.dirname(os.path.abspath(out))
    try:
        fd, tmp = tempfile.mkstemp(prefix='.compile_commands.', suffix='.tmp', dir=out_dir)
    except OSError as e:
        die('cannot write %s: %s' % (out, e.strerror))
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        die('cannot write %s: %s' % (out, e.strerror))


def main():
    ap = argparse.ArgumentParser(
        prog=PROG,
        description='Write compile_commands.json from kbuild .*.o.cmd files.')
    ap.add_argument('-d', '--objtree', metavar='OBJTREE',
                    help='kernel build directory (the one passed to make -C)')
    ap.add_argument('--kdir', metavar='KDIR',
                    help='out-of-tree module mode: build MODULE_DIR against KDIR with kbuild, '
                         'then write MODULE_DIR/compile_commands.json')
    ap.add_argument('-o', '--output', metavar='OUT.json',
                    help='where to write the compile database')
    ap.add_argument('--include-generated', action='store_true',
                    help='also keep *.mod.c files generated by modpost')
    ap.add_argument('dirs', nargs='*', metavar='DIR',
                    help='directories to search for .*.o.cmd files (default: OBJTREE)')
    args = ap.parse_args()

    if args.kdir:
        if args.objtree:
            die('-d and --kdir are alternatives: give one')
        if len(args.dirs) != 1 or not os.path.isdir(args.dirs[0]):
            die('--kdir needs exactly one existing MODULE_DIR')
        args.objtree = args.kdir
        check_objtree(os.path.abspath(args.kdir), args.kdir)
        build_module(os.path.abspath(args.kdir), os.path.abspath(args.dirs[0]))
        if not args.output:
            args.output = os.path.join(args.dirs[0], 'compile_commands.json')
    if not args.objtree or not args.output:
        ap.error('give -d OBJTREE and -o OUT.json, or --kdir KDIR MODULE_DIR')
    objtree = os.path.abspath(args.objtree)
    check_objtree(objtree, args.objtree)
    dirs = []
    for d in args.dirs or [objtree]:
        if not os.path.isdir(d):
            die('directory %s does not exist' % d)
        dirs.append(os.path.abspath(d))
    out_dir = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(out_dir):
        die('output directory %s does not exist' % out_dir)

    entries = collect(objtree, dirs, args.include_generated)
    if not entries:
        die('no compile commands found in %s (was the tree built with kbuild?)'
            % ', '.join(dirs), status=1)
    write_atomically(args.output, json.dumps(entries, indent=2) + '\n')
    print('%s: wrote %d entries to %s' % (PROG, len(entries), args.output), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
