#!/usr/bin/env python3
"""Pywikibot-style entry point for `ldwg-bot translation-status`.

Usage: python scripts/translation_status.py [-simulate] [-always] [-family:F -lang:L] [-user:U] [-dir:PATH]
       [--options]
Run with --help for the job's options; same as `ldwg-bot translation-status ...`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a clone

from ldwg_bot.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["translation-status", *sys.argv[1:]]))
