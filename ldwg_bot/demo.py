"""The end-to-end demo: start the devwiki, run every job on it, print the URLs.

``./dev demo`` (or ``python -m ldwg_bot.demo``) needs nothing but the
Debian packages and this project: the wiki, its example pages, the example
updates and a small example forum thread (served on 127.0.0.1 while the demo
runs, see :mod:`ldwg_bot.devwiki.forum`) all ship with ldwg-bot. Run it again
and the jobs report no change.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .config import DEFAULT_CONFIG, data_dir, load
from .devwiki import DevWiki
from .devwiki.forum import ExampleForum

JOBS = ("publish-update", "collect-feedback", "translation-status")
FORUM_TABLE = """
[group.forum]                            # added by the demo: its example forum thread
url = "{url}"
topics = [1]
"""


def run_jobs(config: Path, *, simulate: bool = False) -> int:
    """Every job once, each as a maintainer would run it: its own process. Returns how many failed."""
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    failed = 0
    for job in JOBS:
        print(f"\n== ldwg-bot {job}", flush=True)
        extra = ["-simulate"] if simulate else []
        code = subprocess.call(
            [sys.executable, "-m", "ldwg_bot", job, "--config", str(config), "-always", *extra], env=env
        )
        failed += code != 0
    return failed


def demo_pages(cfg) -> list[str]:
    """The pages the demo prints for a reader to open (the browser test opens each)."""
    group = cfg.group()
    return [
        group.root,
        group.updates.page,
        group.updates.latest_box,
        group.feedback.summary_page,
        group.translations.table_page,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ldwg-bot demo", description=__doc__)
    parser.add_argument("--simulate", action="store_true", help="show diffs, write nothing")
    args = parser.parse_args(argv)
    cfg = load(DEFAULT_CONFIG)
    port = int(cfg.site.api.split(":")[2].split("/")[0])
    wiki = DevWiki.load(data_dir() / "devwiki", port=port)
    print(f"== starting the devwiki in {wiki.dir}")
    wiki.start()
    try:
        forum = ExampleForum(port + 1)
    except OSError as exc:
        print(
            f"demo: cannot serve the example forum on 127.0.0.1:{port + 1}: {exc.strerror}", file=sys.stderr
        )
        return 1
    with forum:
        # the default config plus the example forum thread
        demo_config = data_dir() / "demo.toml"
        demo_config.write_text(
            DEFAULT_CONFIG.read_text(encoding="utf-8") + FORUM_TABLE.format(url=forum.url), encoding="utf-8"
        )
        print(f"== example forum thread at {forum.url}/t/1.json")
        failed = run_jobs(demo_config, simulate=args.simulate)
    print("\n== open these pages:")
    for title in demo_pages(cfg):
        print(f"  {wiki.page_url(title)}")
    print(f"\nThe devwiki keeps running; stop it with: ldwg-bot devwiki stop (folder {wiki.dir})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
