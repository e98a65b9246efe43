#!/usr/bin/env python3
"""No two parts of mtrack in different folders need each other.

A unit is a header and its source file (include/mtrack/domain/report.hpp and
src/domain/report.cpp are the unit domain/report). Unit A needs unit B when A's header or
source includes B's header. A cycle of needs inside one folder is a facade and its parts (the
extractor's pipeline and its passes); a cycle that crosses folders means two subsystems cannot
be understood, tested or replaced apart (render needing reconcile while reconcile needs
storage, which needs report, which needs render). This check lists every such cycle and fails.

Usage: layering.py SOURCE_DIR
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"(?:mtrack/)?([^"]+)\.hpp"', re.MULTILINE)


def folder(unit):
    """The subsystem of a unit: its folder, one level deeper under storage/."""
    parts = unit.split("/")
    if parts[0] == "storage" and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else "(top)"


def needs(source_dir):
    graph = {}
    for root in ("src", os.path.join("include", "mtrack")):
        base = os.path.join(source_dir, root)
        for dirpath, _, files in os.walk(base):
            for name in files:
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, name)
                unit = os.path.splitext(os.path.relpath(path, base))[0]
                with open(path, encoding="utf-8", errors="replace") as f:
                    targets = set(INCLUDE.findall(f.read()))
                graph.setdefault(unit, set()).update(t for t in targets if t != unit)
    return graph


def cycles(graph):
    """Strongly connected components of more than one unit (iterative Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
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
    return found


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    graph = needs(sys.argv[1])
    if len(graph) < 20:
        print(f"layering: found only {len(graph)} units under {sys.argv[1]}", file=sys.stderr)
        return 1
    bad = [c for c in cycles(graph) if len({folder(u) for u in c}) > 1]
    for c in bad:
        inside = set(c)
        edges = [f"{u} -> {v}" for u in c for v in sorted(graph[u] & inside)]
        print("layering: these units need each other across folders: " + ", ".join(c))
        for e in edges:
            print("  " + e)
    if not bad:
        print(f"layering: {len(graph)} units, no cycle across folders")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
