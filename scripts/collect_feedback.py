#!/usr/bin/env python3
"""Pywikibot-style entry point for `ldwg-bot collect-feedback`.

Usage: python scripts/collect_feedback.py [-simulate] [-always] [-family:F -lang:L] [-user:U] [-dir:PATH]
       [--options]
Run with --help for the job's options; same as `ldwg-bot collect-feedback ...`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a clone

from ldwg_bot.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["collect-feedback", *sys.argv[1:]]))
