"""The bot-exclusion convention ({{bots}} / {{nobots}}), decided from the text alone.

pywikibot's ``Page.botMayEdit`` asks the wiki for the page's templates (two
more requests per edit); the save path already holds the text, so this pure
version follows the same rules on it: ``{{nobots}}`` denies every bot,
``{{nobots|A,B}}`` those named; ``{{bots|allow=...}}`` allows only those named
(``all``/``none``), ``{{bots|deny=...}}`` denies those named (``all``/``none``),
``allowscript``/``denyscript`` name scripts. A bot is named by its user name or
the script name ``ldwg-bot``. ``restricted`` are the family's other templates
that stop every bot (pywikibot's ``edit_restricted_templates`` and, for any
bot but an archive bot, ``archived_page_templates``), as pywikibot treats them.

This is the only bots check on a save: :mod:`ldwg_bot.wiki` tells pywikibot's
``Page`` not to parse the whole page a second time for the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable

import mwparserfromhell

SCRIPT = "ldwg-bot"


def _title(name: str) -> str:
    name = " ".join(name.replace("_", " ").split())
    if name.lower().startswith("template:"):
        name = name[9:].strip()
    return name[:1].upper() + name[1:]


def _may_name(text: str, names: set[str]) -> bool:
    """Whether ``text`` may hold a template of one of ``names`` (the parse decides).

    Spaces and underscores are evened out only when there are names to look for,
    so a wiki without restricted templates pays one ``lower()`` as before."""
    if not names:
        return False
    flat = " ".join(text.lower().replace("_", " ").split())
    return any(name.lower() in flat for name in names)


def bots_allow(text: str, username: str, script: str = SCRIPT, restricted: Iterable[str] = ()) -> bool:
    stops = {_title(name) for name in restricted if name.strip()}
    if "bots" not in text.lower() and not _may_name(text, stops):
        return True
    names_me = {n for n in (username, username.replace("_", " "), script) if n}
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    for tpl in code.filter_templates(recursive=True):
        title = _title(str(tpl.name).strip())
        if title in stops:
            return False
        if title not in ("Bots", "Nobots"):
            continue
        if tpl.params:
            first = tpl.params[0]
            key = str(first.name).strip() if first.showkey else ""
            value = str(first.value).strip()
        else:
            key, value = "", ""
        names = {n.strip() for n in value.split(",") if n.strip()}
        if title == "Nobots":
            if not tpl.params or key or "all" in names or names & names_me:
                return False
            continue
        if key == "allow" and not ("all" in names or names & names_me):
            return False
        if key == "deny" and ("all" in names or names & names_me):
            return False
        if key == "allowscript" and not ("all" in names or script in names):
            return False
        if key == "denyscript" and ("all" in names or script in names):
            return False
    return True
