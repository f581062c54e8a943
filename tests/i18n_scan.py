"""Finds English words a renderer would write on a page: the check behind "every word the bot
writes comes from the message catalog" (issue 25, part 3).

:func:`english_literals` reads a module's source (``ast``, nothing is imported or run) and
lists the string literals -- plain strings and the fixed parts of f-strings -- that still hold
a word of prose once wikitext and HTML markup are taken out. Left alone, because no reader
sees them as prose:

- docstrings, message keys (``ldwg-bot-...``), regular expressions (``re.*`` arguments),
  error messages (``raise ...``: the console stays English);
- strings used as data, not text: API requests (a dict with an ``action`` or ``prop``
  key), dictionary keys, subscripts (``c["timestamp"]``), the
  operands of comparisons (``source == "wiki"``, ``kind in ("a", "b")``) and the arguments of
  ``.get()``, ``.startswith()``, ``.endswith()``, ``.split()``, ``.join()``, ``.strftime()``;
- markup and its vocabulary (:data:`MARKUP_WORDS`: ``wikitable``, ``style``, ``colspan``...).

A single word passed to a function or given as a default (``label="link"``) is prose and is
found. The scan of the converted renderers is ``tests/unit/test_i18n_renderers.py``; the
scanner itself is tested on a small fixture (``tests/unit/test_i18n_scan.py``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

#: words of wikitext and HTML markup, namespaces and formats, never shown as prose
MARKUP_WORDS = frozenset(
    """
    wikitable sortable sortbottom class style colspan rowspan data sort value span id small br
    div bdi lang dir auto rtl ltr background color border width align nowiki noinclude includeonly
    languages tvar name ref code pre user special contributions mylanguage talk
    fullurl localurl language utc ldwg bot http https www sup sub
    """.split()
)

_DATA_METHODS = {
    "get",
    "startswith",
    "endswith",
    "split",
    "rsplit",
    "join",
    "strftime",
    "strptime",
    "replace",
    "group",
    "setdefault",
    "pop",
    "index",
    "count",
    "find",
}
_MARKUP_RES = [
    re.compile(p)
    for p in (
        r"<[^<>]*>",  # tags and comments
        r"[\w-]+=\"[^\"]*\"?",  # attributes (an f-string may cut one in two)
        r"\{\{[^{}]*\}\}",  # templates and magic words
        r"&#?\w+;",  # character references
        r"https?://\S+",  # addresses
        r"\[\[[^\]|]*\|",  # link targets (the label stays)
        r"\b[A-Za-z]+:[\w/#.-]+(?::[\w/#.-]+)*",  # Namespace:Title, fullurl:Special:Translate
        r"%-?[a-zA-Z]",  # strftime and %-format fields
        r"(?:^|[?&])[\w-]+=[^\s&]*",  # URL query parameters
    )
]
_API_KEYS = {"action", "meta", "prop", "list", "generator"}
_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def prose_words(text: str, allowed: Iterable[str] = MARKUP_WORDS) -> list[str]:
    """The words of ``text`` a reader would see, once markup is taken out."""
    allowed = {w.lower() for w in allowed}
    for pattern in _MARKUP_RES:
        text = pattern.sub(" ", text)
    return [w for w in _WORD_RE.findall(text) if w.lower() not in allowed]


def english_literals(source: str, allowed: Iterable[str] = MARKUP_WORDS) -> list[tuple[int, str]]:
    """``(line, literal)`` for each string literal of ``source`` that holds prose (see module)."""
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skipped:
            continue
        if node.value.startswith("ldwg-bot-") or not prose_words(node.value, allowed):
            continue
        found.append((node.lineno, node.value))
    return sorted(found)


def scan_files(paths: Iterable[Path], allowed: Iterable[str] = MARKUP_WORDS) -> dict[str, list]:
    """``{path: literals}`` for the files that hold any."""
    out = {}
    for path in paths:
        hits = english_literals(Path(path).read_text(encoding="utf-8"), allowed)
        if hits:
            out[str(path)] = hits
    return out


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Ids of the string constants that are data, docs, patterns or console errors."""
    skip: set[int] = set()

    def take(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                take(body[0])
        elif isinstance(node, ast.Raise):
            take(node.exc)
        elif isinstance(node, ast.Subscript):
            take(node.slice)
        elif isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                take(operand)
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if keys & _API_KEYS:  # an API request: parameter names and values
                take(node)
            for key in node.keys:
                take(key)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and (
                func.attr in _DATA_METHODS or (isinstance(func.value, ast.Name) and func.value.id == "re")
            ):
                for arg in node.args:
                    take(arg)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            take(node.value)
    return skip


__all__ = ["MARKUP_WORDS", "english_literals", "prose_words", "scan_files"]
