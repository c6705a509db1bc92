#!/usr/bin/env python3
"""Checks the app's layering (DEVELOPERS.md "Layers"): the import graph between the folders of
src/ has no cycle, and only cache/, net/, tabs/ and pwa/ reach storage, the network and the
cross-tab APIs. Prints the graph and every violation; exits 1 on any."""
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
BROWSER_LAYER = {"cache", "net", "tabs", "pwa", "media", "files"}
# What only the browser layer may name: storage, the network, the cross-tab APIs, the service worker.
FORBIDDEN = re.compile(
    r"\b(rexie|gloo_net|IdbFactory|IdbDatabase|IdbObjectStore|indexed_db|BroadcastChannel|"
    r"LockManager|navigator\(\)\.locks|(?<!::)ServiceWorker\w*|CacheStorage|WebSocket|fetch_with_\w+|"
    r"Request::new_with\w*|RequestInit)\b"
)


def module_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def crate_paths(text: str):
    """The first segment of every `crate::...` path, `use crate::{a, b::c}` groups included."""
    for match in re.finditer(r"crate::(\{|\w+)", text):
        if match.group(1) != "{":
            yield match.group(1)
            continue
        depth, start, i = 1, match.end(), match.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        group, depth, item = text[start : i - 1], 0, ""
        for ch in group + ",":
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                name = re.match(r"\s*(\w+)", item)
                if name:
                    yield name.group(1)
                item = ""
            else:
                item += ch


def strip_comments(text: str) -> str:
    return re.sub(r"//[^\n]*", "", text)


def main() -> int:
    edges: dict[str, set[str]] = {}
    problems = []
    for path in sorted(SRC.rglob("*.rs")):
        module = module_of(path)
        if module in ("lib", "main"):
            continue
        text = strip_comments(path.read_text())
        for target in crate_paths(text):
            is_folder = (SRC / target).is_dir() or (SRC / f"{target}.rs").exists()
            if target != module and is_folder:
                edges.setdefault(module, set()).add(target)
        if module not in BROWSER_LAYER:
            for hit in sorted(set(m.group(0) for m in FORBIDDEN.finditer(text))):
                problems.append(f"{path.relative_to(SRC.parent)}: uses {hit} outside the browser layer")

    print("imports between src/ folders:")
    for module in sorted(edges):
        print(f"  {module} -> {', '.join(sorted(edges[module]))}")

    # Every cycle is found through a depth-first search from each module.
    cycles = set()

    def walk(node, stack):
        for nxt in edges.get(node, ()):
            if nxt in stack:
                cycle = stack[stack.index(nxt) :]
                turn = cycle.index(min(cycle))
                cycles.add(tuple(cycle[turn:] + cycle[:turn]))
            else:
                walk(nxt, stack + [nxt])

    for module in edges:
        walk(module, [module])
    for cycle in sorted(cycles):
        problems.append("cycle: " + " -> ".join(cycle + (cycle[0],)))

    for problem in problems:
        print(problem)
    print("layers: ok" if not problems else f"layers: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
