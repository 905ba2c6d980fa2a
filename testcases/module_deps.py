#!/usr/bin/env python3
"""The checker's modules, the cycles between them and the layers they break.

A module is one checker/LAYER/NAME.c with its NAME.h (names are unique
across the folders).  Module A depends on B by include when A.c or A.h
includes "B.h", and by call when A's object file uses a symbol that B's
object defines (read with nm from the build, so macros and inline functions
in headers count only through includes).  Data must flow one way:

  - any strongly connected group of two or more modules is a cycle,
    printed with the edges that close it;
  - a function or variable a module exports that no other module uses
    fails too (make it static, or remove it);
  - each folder of checker/ is a layer, and LAYERS lists them lowest
    first (the pipeline order of docs/ARCHITECTURE.md, "The tree"): a
    module may include or call modules of its own layer or of a lower
    one, never of a higher one.  A folder missing from LAYERS, a module
    outside any folder and two modules of one name are errors too.

    module_deps.py --objdir build/obj [--src checker]     exit 1 on a cycle
                                                          or an upward edge
    module_deps.py --objdir build/obj --dot               the graph, for docs
"""
import argparse
import os
import re
import subprocess
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)

# checker/'s folders, lowest layer first: each uses only itself and the
# folders before it
LAYERS = ('base', 'frontend', 'db', 'analysis', 'checks', 'output', 'engine', 'cli')


def sources(src):
    """module name -> [its .c and .h paths], over src and its subfolders."""
    mods = {}
    for root, _dirs, files in os.walk(src):
        for f in files:
            if f.endswith(('.c', '.h')):
                mods.setdefault(f[:-2], []).append(os.path.join(root, f))
    return mods


def layer_problems(src, mods, layers):
    """Modules that are not in exactly one folder of layers, by name."""
    problems = []
    for m, paths in sorted(mods.items()):
        folders = sorted({os.path.relpath(os.path.dirname(p), src) for p in paths})
        if len(folders) > 1:
            problems.append('module %s is in more than one folder: %s' % (m, ' '.join(folders)))
        elif folders[0] not in layers:
            problems.append('module %s is in %s, which is not a layer (LAYERS in %s: %s)'
                            % (m, 'checker/' + ('' if folders[0] == '.' else folders[0]),
                               os.path.basename(__file__), ' '.join(layers)))
    return problems


def layer_of(src, mods):
    """module name -> its folder under src."""
    return {m: os.path.relpath(os.path.dirname(paths[0]), src) for m, paths in mods.items()}


def upward_edges(edges, layer, layers):
    """The edges from a module to one of a higher layer."""
    rank = {name: i for i, name in enumerate(layers)}
    return sorted((a, b) for a, b in edges if rank[layer[a]] < rank[layer[b]])


def include_edges(mods):
    edges = set()
    for m, paths in mods.items():
        for p in paths:
            with open(p, encoding='utf-8', errors='replace') as fh:
                for inc in INCLUDE_RE.findall(fh.read()):
                    dep = os.path.basename(inc)
                    if dep != m and dep in mods:
                        edges.add((m, dep))
    return edges


def nm_symbols(obj):
    out = subprocess.run(['nm', '--defined-only', obj], capture_output=True,
                         text=True, check=True).stdout
    defined = {l.split()[-1] for l in out.splitlines()
               if len(l.split()) == 3 and l.split()[1] in 'TDBR'}
    out = subprocess.run(['nm', '--undefined-only', obj], capture_output=True,
                         text=True, check=True).stdout
    used = {l.split()[-1] for l in out.splitlines() if l.split()}
    return defined, used


def call_edges(objdir, mods):
    """The call edges between modules, the modules built, and the exported
    functions and data no other module uses (which should be static)."""
    defined_by, uses = {}, {}
    for f in sorted(os.listdir(objdir)):
        if not f.endswith('.o') or f[:-2] not in mods:
            continue
        defined, used = nm_symbols(os.path.join(objdir, f))
        for s in defined:
            defined_by[s] = f[:-2]
        uses[f[:-2]] = used
    edges, used_elsewhere = set(), set()
    for m, used in uses.items():
        for s in used:
            d = defined_by.get(s)
            if d and d != m:
                edges.add((m, d))
                used_elsewhere.add(s)
    unused = sorted('%s: %s' % (d, s) for s, d in defined_by.items()
                    if s not in used_elsewhere and s != 'main' and not s.startswith('__'))
    return edges, set(uses), unused


def cycles(nodes, edges):
    """Strongly connected components of two or more nodes (Tarjan)."""
    succ = {n: sorted(b for a, b in edges if a == n) for n in nodes}
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for n in sorted(nodes):
        if n not in index:
            visit(n)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--objdir', required=True, help='the build\'s object files (build/obj)')
    ap.add_argument('--src', default=os.path.join(os.path.dirname(__file__), '..', 'checker'))
    ap.add_argument('--dot', action='store_true', help='print the module graph in dot')
    ap.add_argument('--layers', default=','.join(LAYERS),
                    help='the folders of --src, lowest layer first (default: %(default)s)')
    args = ap.parse_args()
    layers = args.layers.split(',')

    mods = sources(args.src)
    inc = include_edges(mods)
    calls, built, unused = call_edges(args.objdir, mods)
    if not built:
        print('module_deps: no object files of checker modules in %s' % args.objdir,
              file=sys.stderr)
        return 2
    nodes = set(mods)
    if args.dot:
        print('digraph modules {')
        for a, b in sorted(inc | calls):
            print('  "%s" -> "%s";' % (a, b))
        print('}')
        return 0
    status = 0
    for kind, edges in (('include', inc), ('call', calls)):
        for comp in cycles(nodes, edges):
            status = 1
            inside = sorted((a, b) for a, b in edges if a in comp and b in comp)
            print('%s cycle between %d modules: %s' % (kind, len(comp), ' '.join(comp)))
            for a, b in inside:
                print('    %s -> %s' % (a, b))
    if status == 0:
        print('no include or call cycle between %d modules (%d include, %d call edges)'
              % (len(nodes), len(inc), len(calls)))

    print('layers, lowest first: %s' % ' < '.join(layers))
    problems = layer_problems(args.src, mods, layers)
    for p in problems:
        print(p)
    if problems:
        return 1
    layer = layer_of(args.src, mods)
    upward = 0
    for kind, edges in (('includes', inc), ('calls', calls)):
        for a, b in upward_edges(edges, layer, layers):
            upward += 1
            print('upward edge: %s/%s %s %s/%s' % (layer[a], a, kind, layer[b], b))
    if upward:
        print('%d edges go from a lower layer to a higher one: move the module, or '
              'the code the lower one needs' % upward)
        return 1
    if status == 0:
        print('every edge stays in its layer or goes down')
    # an export nobody else uses is either dead code or a static in disguise
    for u in unused:
        print('exported but used by no other module: %s' % u)
    if unused:
        return 1
    print('every exported symbol is used by another module')
    return status

if __name__ == '__main__':
    sys.exit(main())
