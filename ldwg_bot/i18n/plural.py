"""Which ``{{PLURAL:}}`` form a number takes in a language (pure, integers only).

The bot only ever counts things (comments, pages, languages), so only whole numbers >= 0
matter and the CLDR operands ``i`` (integer digits) and ``n`` (the number) are the same here;
``v`` (visible fraction digits) is 0.

The rules, stated in our own words from MediaWiki's ``languages/data/plurals.xml`` (its copy of
the Unicode CLDR plural rules, https://cldr.unicode.org/index/cldr-spec/plural-rules; MediaWiki's
own overrides in ``plurals-mediawiki.xml`` change none of the languages below):

- English and most Germanic and Romance languages, Spanish included: 1 takes the first form
  ("one"), every other number the second ("other").
- French, Portuguese (and Brazilian Portuguese), Bangla and Hindi: 0 and 1 take the "one"
  form, 2 and more "other". (CLDR writes it ``i = 0,1`` for French, ``i = 0..1`` for
  Portuguese, ``i = 0 or n = 1`` for Bangla and Hindi; for whole numbers all three say the
  same.)
- Arabic has six forms, in this order: "zero" for 0, "one" for 1, "two" for 2, "few" when
  the last two digits are 3 to 10 (3-10, 103-110, ...), "many" when they are 11 to 99
  (11-99, 111-199, ...), "other" for the rest (100-102, 200-202, ...).

A message lists its forms in the language's category order (zero, one, two, few, many,
other -- the categories the language has); MediaWiki uses the last form given when a message
has fewer forms than the language has categories (``Language::convertPlural``), and so do we.
A language without a rule here uses the rule of the first language in its fallback chain that
has one (Egyptian Arabic counts like Arabic), else the English rule.
"""

from __future__ import annotations

from collections.abc import Callable

PluralRule = Callable[[int], str]

ONE_OTHER = ("one", "other")
ARABIC_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def _one_is_one(n: int) -> str:
    return "one" if n == 1 else "other"


def _zero_or_one(n: int) -> str:
    return "one" if n in (0, 1) else "other"


def _arabic(n: int) -> str:
    if n in (0, 1, 2):
        return ARABIC_CATEGORIES[n]
    last_two = n % 100
    if 3 <= last_two <= 10:
        return "few"
    if 11 <= last_two <= 99:
        return "many"
    return "other"


#: language -> (rule, its categories in MediaWiki's order)
RULES: dict[str, tuple[PluralRule, tuple[str, ...]]] = {
    **{
        code: (_one_is_one, ONE_OTHER)
        for code in ("en", "de", "nl", "it", "sv", "ca", "gl", "ast", "es", "eu", "el")
    },
    **{code: (_zero_or_one, ONE_OTHER) for code in ("fr", "pt", "bn", "hi")},
    "ar": (_arabic, ARABIC_CATEGORIES),
}


def rule_for(lang: str, fallbacks: tuple[str, ...] = ()) -> tuple[PluralRule, tuple[str, ...]]:
    """The rule of ``lang``, else of its first fallback that has one, else English's."""
    for code in (lang, *fallbacks):
        if code in RULES:
            return RULES[code]
    return RULES["en"]


def plural_category(lang: str, n: int, fallbacks: tuple[str, ...] = ()) -> str:
    """The CLDR category of ``n`` in ``lang``: "zero", "one", "two", "few", "many" or "other"."""
    rule, _ = rule_for(lang, fallbacks)
    return rule(abs(int(n)))


def plural_index(lang: str, n: int, fallbacks: tuple[str, ...] = ()) -> int:
    """Position of ``n``'s form in a ``{{PLURAL:}}`` of ``lang`` (before the too-few-forms rule)."""
    rule, categories = rule_for(lang, fallbacks)
    return categories.index(rule(abs(int(n))))


__all__ = ["RULES", "plural_category", "plural_index", "rule_for"]
