"""No renderer holds an English literal (issue 25, part 3): the scan of tests/i18n_scan.py over
the real renderers. Every word they write on a page comes from the message catalog.

``RENDERERS`` lists the converted renderers; each allowance below is a real false positive,
with the reason next to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ldwg_bot.updates.digest import AUTONYMS
from tests.i18n_scan import MARKUP_WORDS, english_literals, prose_words

PACKAGE = Path(__file__).resolve().parents[2] / "ldwg_bot"

#: renderer -> words of its literals that are not prose
RENDERERS: dict[str, set[str]] = {
    "translations/table.py": set(),
    "feedback/summary.py": {
        "wiki",  # WIKI = "wiki": a comment's source value in the store, never written
        "part",  # [[#ldwg-part-N|...]]: the anchor id the per-part list is found by
    },
    "updates/digest.py": {
        *(w for name in AUTONYMS.values() for w in prose_words(name)),  # names of languages in
        # themselves, no English
        "wiki",  # the "/wiki/" of an article URL
    },
    "updates/page.py": {
        "math",
        "source",
        "syntaxhighlight",  # tags whose text is opaque
        "update",
    },  # marker names update-YYYY-MM, never shown
    "updates/plain.py": set(),
    "updates/words.py": set(),
    "updates/subpages.py": {
        "updates",
        "index",
        "latest",
        "update",  # marker names and the configured title pattern
        "month",
        "root",
        "link",
        "page",  # data-ldwg-month, {root}/{month}, tvar names
    },
}


@pytest.mark.parametrize("path", sorted(RENDERERS))
def test_no_english_literal_in_a_renderer(path):
    source = (PACKAGE / path).read_text(encoding="utf-8")
    found = english_literals(source, MARKUP_WORDS | RENDERERS[path])
    assert found == [], f"{path}: English text not from the catalog (line, literal): {found}"


def test_an_english_literal_would_be_found():
    """The test above would fail on the old wording (guards the allowances staying narrow)."""
    source = (PACKAGE / "feedback/summary.py").read_text(encoding="utf-8")
    planted = source + '\n\ndef _extra() -> str:\n    return "=== Totals ==="\n'
    assert english_literals(planted, MARKUP_WORDS | RENDERERS["feedback/summary.py"])
