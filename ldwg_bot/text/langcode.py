"""The one rule for what a language code looks like (config, sources, subpages, summaries).

A code is what MediaWiki uses in subpage titles and ``uselang``: lowercase, a primary
subtag of 2 or 3 letters, then any number of subtags of 2 to 8 letters or digits
(``en``, ``pt-br``, ``zh-hans``, ``be-tarask``, ``roa-tara``, ``zh-min-nan``, ``qqq``).

Why this shape, in our own words:
- BCP 47 (RFC 5646, section 2.1) builds a tag from subtags of 1 to 8 letters or digits.
  The language subtag is 2 or 3 letters (ISO 639); the later ones -- script (4 letters),
  region (2 letters or 3 digits), variants (5 to 8, or 4 starting with a digit) -- are 2 to
  8 characters long. A subtag of a single character is only ever a "singleton" that opens
  an extension or private-use part (``-u-``, ``-x-``).
- MediaWiki's own codes (``languages/data/Names.php``) are lowercase and follow that shape
  without singletons; the one code it had with ``-x-`` (``be-x-old``) is deprecated in favour of
  ``be-tarask`` (``LanguageCode::getDeprecatedCodeMapping``). So a one-character subtag
  (``en-a``, ``Page/x``) is not a language code here.
"""

from __future__ import annotations

import re

LANGUAGE_CODE_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def is_language_code(text: str) -> bool:
    """True when ``text`` has the shape of a MediaWiki language code (see the module).
    ``fullmatch``: a ``$``-anchored pattern would also take a code followed by a newline."""
    return bool(LANGUAGE_CODE_RE.fullmatch(text))
