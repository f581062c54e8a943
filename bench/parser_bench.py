"""Comment extraction speed and memory against mwparserfromhell.

Speed: :func:`ldwg_bot.feedback.parse_comments` with each wiki's own
conventions (learned from the recorded en/ar/bn fixtures) on generated talk
pages of 10 KB .. 5 MB (UTF-8 bytes), best of N, beside
``mwparserfromhell.parse`` on the same text.

Memory: ``python bench/parser_bench.py --memory FILE LANG WHAT`` reads the
page from FILE and runs WHAT (``parse_comments``, ``mwparserfromhell`` or
``nothing``, the baseline of imports + the text) in a child process; the
parent reads the child's peak RSS with ``os.wait4``.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZES = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}
REPEATS = {"10 KB": 50, "100 KB": 15, "1 MB": 3, "5 MB": 2}


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def speed(langs=("en", "ar", "bn"), sizes=SIZES, repeats=REPEATS, log=print) -> list[dict]:
    import mwparserfromhell
    import talkgen

    from ldwg_bot.feedback import parse_comments

    rows = []
    for label, size in sizes.items():
        for lang in langs:
            text, written = talkgen.talk_page(size, lang)
            conv = talkgen.conventions(lang)
            n = repeats.get(label, 3)
            found = len(parse_comments(text, conv))
            ours = best(lambda text=text, conv=conv: parse_comments(text, conv), n)
            theirs = best(lambda text=text: mwparserfromhell.parse(text), n)
            mb = len(text.encode()) / 1e6
            row = {
                "size": label,
                "lang": lang,
                "bytes": len(text.encode()),
                "chars": len(text),
                "comments_written": written,
                "comments_found": found,
                "repeats": n,
                "parse_comments_s": ours,
                "mwparserfromhell_s": theirs,
                "ratio": ours / theirs,
                "parse_comments_s_per_mb": ours / mb,
                "mwparserfromhell_s_per_mb": theirs / mb,
            }
            rows.append(row)
            log(
                f"  parser {label:>6} {lang}: parse_comments {ours:.3f} s, mwparserfromhell.parse "
                f"{theirs:.3f} s, ratio {ours / theirs:.2f}x ({found}/{written} comments)"
            )
    return rows


def memory(folder: Path, lang: str = "en", size: int = SIZES["5 MB"]) -> dict:
    """Peak RSS (MB) of a child that parses the page, for each of parse_comments /
    mwparserfromhell / nothing (baseline: interpreter, imports and the text)."""
    import talkgen
    from wikis import measure

    text, _ = talkgen.talk_page(size, lang)
    page = folder / f"talk-{lang}-{size}.wiki"
    page.write_text(text, encoding="utf-8")
    result = {"lang": lang, "bytes": len(text.encode())}
    for what in ("nothing", "parse_comments", "mwparserfromhell"):
        m = measure([sys.executable, __file__, "--memory", str(page), lang, what])
        if m["returncode"] != 0:
            raise RuntimeError(f"parser memory child ({what}) exited {m['returncode']}")
        result[what] = m["maxrss_kb"] / 1024
    return result


def _child(path: str, lang: str, what: str) -> None:
    import mwparserfromhell  # noqa: F401  (the baseline imports the same modules)
    import talkgen

    from ldwg_bot.feedback import parse_comments

    conv = talkgen.conventions(lang)
    text = Path(path).read_text(encoding="utf-8")
    if what == "parse_comments":
        comments = parse_comments(text, conv)
        assert comments
    elif what == "mwparserfromhell":
        assert mwparserfromhell.parse(text)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--memory":
        _child(*sys.argv[2:])
    else:
        speed()
