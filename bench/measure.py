"""``python -I -S bench/measure.py OUT.json CMD...``: run CMD, write its peak RSS, wall time and exit code.

Why a wrapper: on Linux a process's peak RSS (``ru_maxrss``) survives
``execve`` and starts from the RSS of the process it was forked from, so a
job started straight from the (large) benchmark process would report the
benchmark's own size. Forked from this small interpreter instead, it reports
its own peak.
"""

import json
import os
import subprocess
import sys
import time

out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
proc = subprocess.Popen(cmd)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - t0
code = os.waitstatus_to_exitcode(status)
with open(out, "w") as fh:
    json.dump({"maxrss_kb": usage.ru_maxrss, "wall_s": wall, "returncode": code}, fh)
sys.exit(code if code >= 0 else 1)
