"""The scanner that will keep English literals out of the renderers (tests/i18n_scan.py).

It runs here on a small fixture renderer; the scan of the converted renderers is
tests/unit/test_i18n_renderers.py.
"""

from __future__ import annotations

import textwrap

from tests.i18n_scan import english_literals, prose_words

FIXTURE = textwrap.dedent('''
    """A renderer: this docstring is not written on any page."""
    import re

    from ldwg_bot.i18n import message

    _ROW_RE = re.compile(r"^\\| (?P<title>.*) \\|\\| the rest$")
    __all__ = ["render", "link"]


    def link(url: str, label: str = "link") -> str:
        return f"[{url} {label}]"


    def render(comments: list[dict], lang: str) -> str:
        if not comments:
            return "No feedback yet."
        lines = ['{| class="wikitable sortable"', "! " + message(lang, "ldwg-bot-summary-column-thread")]
        for c in comments:
            if c["source"] == "wiki" and c.get("permalink"):
                lines.append(f"| {c['section']} || {len(c['replies'])} replies")
            lines.append(f'| style="background:#fff" data-sort-value="-1" | ?')
        if len(lines) > 40:
            raise ValueError("too many rows for one table")
        lines.append(f"''{message(lang, 'ldwg-bot-data-as-of', '2026-12-07 16:00 UTC')}''")
        return "\\n".join(lines) + "\\n|}"
''')


def test_the_scanner_finds_the_literals_a_reader_would_see():
    found = [text for _, text in english_literals(FIXTURE)]
    assert found == ["link", "No feedback yet.", " replies"]


def test_markup_keys_data_docs_patterns_and_errors_are_not_prose():
    found = {text for _, text in english_literals(FIXTURE)}
    for quiet in (
        '{| class="wikitable sortable"',
        "ldwg-bot-summary-column-thread",
        "wiki",
        "permalink",
        "too many rows for one table",
        "render",
    ):
        assert quiet not in found


def test_prose_words_ignores_markup_and_keeps_labels():
    assert prose_words('<span id="update-2022-07"></span>') == []
    assert prose_words("[[Special:Contributions/Alice|contributions]]") == []
    assert prose_words("[[#ldwg-part-3|comments]]") == ["comments"]
    assert prose_words("'''Latest update:''' ") == ["Latest", "update"]
    assert prose_words("%Y-%m-%d %H:%M UTC") == []
