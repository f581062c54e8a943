"""The benchmark's progress lines, timed from the start of the run."""

from __future__ import annotations

import time

_T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - _T0:5.0f} s] {msg}", flush=True)
