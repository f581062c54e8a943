"""Which languages a message is looked up in when a language lacks it (pure).

A reader of a language MediaWiki does not ship our messages in should get the closest
language they read, not English at once. The chains below are MediaWiki's (the ``$fallback``
line of ``languages/messages/Messages<Code>.php``, REL1_39) for the variants of the languages
we ship and for the languages whose first fallback is one of them; MediaWiki follows them
transitively, and so do we (Galician -> Portuguese -> Brazilian Portuguese).

A code not in the table (``es-mx``, ``fr-ca``) loses its last subtag and tries again, as the
"lookup" scheme of RFC 4647 section 3.4 does; MediaWiki has no such rule, but without it a
wiki configured with a regional code would get English where the language's own text exists.
English comes last in every chain; :func:`chain` leaves it to the caller.
"""

from __future__ import annotations

from functools import cache

#: language -> the languages MediaWiki tries next, in order (English left out)
FALLBACKS: dict[str, tuple[str, ...]] = {
    # Portuguese and Brazilian Portuguese fall back to each other
    "pt": ("pt-br",),
    "pt-br": ("pt",),
    "gl": ("pt",),
    "mwl": ("pt",),
    "es-formal": ("es",),
    "an": ("es",),
    "ast": ("es",),
    "ext": ("es",),
    "lad": ("es",),
    "frc": ("fr",),
    "frp": ("fr",),
    "wa": ("fr",),
    "pcd": ("fr",),
    "nrm": ("fr",),
    "arz": ("ar",),
    "arq": ("ar",),
    "aeb-arab": ("ar",),
    "bpy": ("bn",),
}


@cache
def chain(lang: str) -> tuple[str, ...]:
    """The languages to try after ``lang`` itself, nearest first, without ``lang`` and ``en``."""
    out: list[str] = []
    todo = list(_direct(lang))
    while todo:
        code = todo.pop(0)
        if code in out or code in (lang, "en"):
            continue
        out.append(code)
        todo.extend(_direct(code))
    return tuple(out)


def _direct(lang: str) -> tuple[str, ...]:
    if lang in FALLBACKS:
        return FALLBACKS[lang]
    if "-" in lang:
        return (lang.rsplit("-", 1)[0],)
    return ()


__all__ = ["FALLBACKS", "chain"]
