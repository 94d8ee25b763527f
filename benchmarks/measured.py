"""Run `python -m MODULE ARGS...` and record its peak memory when it exits.

    python -m benchmarks.measured RESULT.json MODULE ARGS...

RESULT.json gets the largest resident set of the process itself ("self"; for
`invoke build`, the build process it forks) and of the largest child it waited
for ("children": Pagefind, pool workers), in bytes. `tree_memory(pid)` is what a whole process tree holds at one
moment (the caller samples it while the build runs).
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import sys


def _record(path: str) -> None:
    """At exit. A process forked from this one that runs the exit handlers before
    it leaves (tasks._run_apart: the build itself) records first; the figures are
    merged, so "self" is the larger of this process and the build it forked."""
    found = {"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
             "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}
    try:
        with open(path, encoding="utf-8") as handle:
            earlier = json.load(handle)
        found = {key: max(value, earlier.get(key, 0)) for key, value in found.items()}
    except (OSError, ValueError):
        pass
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(found, handle)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_memory(root: int) -> int:
    """Bytes of memory a process and all its descendants hold now: the sum of
    their proportional set sizes (Linux), so pages that forked workers share
    with the build process count once, not once per process."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue  # ended meanwhile
    return total


if __name__ == "__main__":
    result, module, *args = sys.argv[1:]
    atexit.register(_record, result)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
