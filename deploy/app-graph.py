#!/usr/bin/env python3
"""Print the app-level import graph of Accord: which app imports which, from how many modules.

    .venv/bin/python deploy/app-graph.py            # apps
    .venv/bin/python deploy/app-graph.py --modules  # and the importing → imported module pairs

Built on grimp (import-linter's graph), so it sees what `lint-imports` sees, lazy
(function-level) imports included. Migrations are left out: they name other apps' models by
string, not by import.
"""

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import grimp

APPS = ("accord", "realtime", "proposals", "legislation", "submissions", "publication")
# The composition root: in the accord package, above every app (it wires them together); its
# imports are listed apart and make no cycle ([tool.importlinter] ignores them too).
COMPOSITION_ROOT = ("accord.settings", "accord.urls", "accord.asgi", "accord.wsgi")


def app_of(module):
    return module.split(".", 1)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="list the module pairs too")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    graph = grimp.build_graph(*APPS, cache_dir=None)
    # (importer app, imported app) -> {importing module -> {imported modules}}
    edges = defaultdict(lambda: defaultdict(set))
    root = defaultdict(set)
    for module in graph.modules:
        if ".migrations" in module:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if ".migrations" in imported or app_of(imported) == app_of(module):
                continue
            if module in COMPOSITION_ROOT:
                root[module].add(imported)
            else:
                edges[app_of(module), app_of(imported)][module].add(imported)
    print("importer -> imported: importing modules (import lines between the two apps)")
    for importer in APPS:
        for imported in APPS:
            pairs = edges.get((importer, imported))
            if not pairs:
                continue
            lines = sum(len(targets) for targets in pairs.values())
            upward = APPS.index(imported) > APPS.index(importer)
            mark = "  UPWARD" if upward else ""
            print(f"{importer:12} -> {imported:12} {len(pairs):3} modules ({lines} imports){mark}")
            if args.modules:
                for module in sorted(pairs):
                    print(f"    {module} -> {', '.join(sorted(pairs[module]))}")
    print("composition root (accord.settings, urls, asgi, wsgi) -> the apps it wires:")
    for module in sorted(root):
        apps = sorted({app_of(imported) for imported in root[module]}, key=APPS.index)
        print(f"    {module} -> {', '.join(apps)} ({len(root[module])} imports)")
        if args.modules:
            print(f"        {', '.join(sorted(root[module]))}")
    cycles = sorted(
        {tuple(sorted((a, b), key=APPS.index)) for a, b in edges if (b, a) in edges},
        key=lambda pair: (APPS.index(pair[0]), APPS.index(pair[1])),
    )
    print("app cycles:", ", ".join(f"{a} <-> {b}" for a, b in cycles) or "none")
    print("module cycles (strongly connected modules):")
    components = module_cycles(graph)
    for component in components:
        print("    " + " <-> ".join(component))
    if not components:
        print("    none")


def module_cycles(graph):
    """The module groups that import each other in a circle (Tarjan), largest first."""
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    successors = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if ".migrations" not in i)
        for m in modules
    }
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(start):
        # Iterative, so a deep import chain cannot hit the recursion limit.
        work = [(start, iter(successors[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return sorted(found, key=lambda c: (-len(c), c))


if __name__ == "__main__":
    main()
