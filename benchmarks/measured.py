"""Run `python -m MODULE ARGS...` and record its peak memory when it exits.

    python -m benchmarks.measured RESULT.json MODULE ARGS...

RESULT.json gets the largest resident set of the process itself ("self")
and of the largest child it waited for ("children": Pagefind, pool workers),
in bytes.
"""

from __future__ import annotations

import atexit
import json
import resource
import runpy
import sys


def _record(path: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                   "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}, handle)


if __name__ == "__main__":
    result, module, *args = sys.argv[1:]
    atexit.register(_record, result)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
