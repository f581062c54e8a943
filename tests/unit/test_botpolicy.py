"""{{bots}}/{{nobots}} as pywikibot and the convention read them."""

import pytest

from ldwg_bot.text.botpolicy import bots_allow


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("plain text", True),
        ("{{nobots}}", False),
        ("{{Nobots}}", False),
        ("{{template:nobots}}", False),
        ("{{nobots|OtherBot}}", True),
        ("{{nobots|OtherBot, LdwgBot}}", False),
        ("{{nobots|all}}", False),
        ("{{bots}}", True),
        ("{{bots|allow=LdwgBot}}", True),
        ("{{bots|allow=OtherBot}}", False),
        ("{{bots|allow=all}}", True),
        ("{{bots|allow=none}}", False),
        ("{{bots|deny=OtherBot}}", True),
        ("{{bots|deny=LdwgBot}}", False),
        ("{{bots|deny=all}}", False),
        ("{{bots|deny=none}}", True),
        ("{{bots|denyscript=ldwg-bot}}", False),
        ("{{bots|allowscript=archivebot}}", False),
        ("<nowiki>{{nobots}}</nowiki>", True),
        ("{{robots are fine}}", True),
    ],
)
def test_rules(text, allowed):
    assert bots_allow(text, "LdwgBot") is allowed


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("{{In use}} working on it", False),
        ("{{in_use}}", False),
        ("{{Template:In use|5 minutes}}", False),
        ("{{In use elsewhere}}", True),
        ("in use, but no template", True),
        ("{{nobots|OtherBot}} {{Archived}}", False),
    ],
)
def test_family_restricted_templates_stop_the_bot(text, allowed):
    """pywikibot's family lists (edit_restricted_templates, archived_page_templates) are kept."""
    assert bots_allow(text, "LdwgBot", restricted=["In use", "Archived"]) is allowed
