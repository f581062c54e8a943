"""``ldwg-bot devwiki start|stop|status|reset|runjobs``: the local MediaWiki.

start    install (first time), serve on 127.0.0.1:PORT and seed the example pages
stop     stop the server (its whole process group)
status   print where it is and whether it runs
reset    stop, delete the folder, then start afresh
runjobs  run the wiki's job queue (Translate statistics, FuzzyBot updates)

--mediawiki picks the MediaWiki of a new wiki: a folder with any unpacked
core, or a branch (1.39, 1.43). Without it the system's Debian MediaWiki is
used, whichever it is. A branch the system does not have is fetched from
Debian's packages (1.43 from Debian 13) into ~/.cache/ldwg-bot/mediawiki,
without touching the system's apt state. A wiki keeps its MediaWiki until reset.

The wiki's folder (default: ~/.local/share/ldwg-bot/devwiki or
$LDWG_BOT_HOME/devwiki) holds the SQLite database, LocalSettings.php, the
server log and a pywikibot folder (user-config.py, user-password.py) that
the default configuration uses.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..config import data_dir
from .manager import DevWiki


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="ldwg-bot devwiki", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["start", "stop", "status", "reset", "runjobs"])
    parser.add_argument("--dir", type=Path, default=data_dir() / "devwiki", help="the wiki's folder")
    parser.add_argument("--port", type=int, help="port on 127.0.0.1 (default 8088)")
    parser.add_argument("--lang", help="content language code of a new wiki (default en)")
    parser.add_argument(
        "--mediawiki",
        metavar="DIR|BRANCH",
        help="MediaWiki of a new wiki: a core folder, or 1.39/1.43 "
        "(default: $LDWG_BOT_MEDIAWIKI, else the system's)",
    )
    parser.add_argument("--timezone", help="$wgLocaltimezone of a new wiki, e.g. Europe/Berlin")
    parser.add_argument(
        "--with-translate",
        action="store_true",
        help="load Translate + UniversalLanguageSelector from your own checkouts "
        "(branch REL1_xx matching the installed MediaWiki)",
    )
    parser.add_argument(
        "--extensions",
        type=Path,
        help="folder with Translate/ and UniversalLanguageSelector/ (default: $LDWG_BOT_EXTENSIONS)",
    )
    parser.add_argument("--no-seed", action="store_true", help="do not create the example pages")
    parser.add_argument("--json", action="store_true", help="status as JSON")
    args = parser.parse_args(argv)
    wiki = DevWiki.load(
        args.dir,
        port=args.port,
        lang=args.lang,
        timezone=args.timezone,
        translate=args.with_translate or None,
        mediawiki=None if args.action == "reset" else args.mediawiki,
        extensions=str(args.extensions.resolve()) if args.extensions else None,
    )
    if args.action == "stop":
        print("devwiki stopped" if wiki.stop() else "devwiki was not running")
        return 0
    if args.action == "status":
        status = wiki.status()
        if args.json:
            print(json.dumps(status, indent=2))
        else:
            state = (
                "running" if status["running"] else ("stopped" if status["installed"] else "not installed")
            )
            version = f"MediaWiki {status['mediawiki']}, " if status["mediawiki"] else ""
            print(
                f"devwiki {state}: {status['url']}/ ({version}lang {status['lang']}, "
                f"Translate {'yes' if status['translate'] else 'no'}, folder {status['dir']})"
            )
        return 0 if status["running"] else 3
    if args.action == "runjobs":
        wiki.run_jobs()
        print("job queue settled")
        return 0
    if args.action == "reset":
        wiki.reset()
        if args.mediawiki:
            wiki.choose_core(args.mediawiki)
    was_running = wiki.running()
    wiki.start(seed=not args.no_seed)
    print(
        f"devwiki {'already running' if was_running else 'running'}: {wiki.url}/index.php/"
        f"Leadership_Development_Working_Group (MediaWiki {wiki.core.version}, lang {wiki.lang}, "
        f"folder {wiki.dir})"
    )
    return 0
