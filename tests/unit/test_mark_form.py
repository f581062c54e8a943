"""Translate REL1_39's mark form (Special:PageTranslation), as recorded: what the devwiki makes of it."""

from __future__ import annotations

import pytest

from tests.shared import shared_path
from tests.support.translate import mark_form_refusal


def recorded(name: str) -> str:
    return shared_path("fixtures", "translate", name).read_text(encoding="utf-8")


def test_success_box_means_marked():
    assert mark_form_refusal(recorded("special_pagetranslation_mark_success_admin.html")) is None


@pytest.mark.parametrize(
    "name,says",
    [
        (
            "special_pagetranslation_mark_normal_user.html",
            "You do not have permission to manage translatable pages",
        ),
        (
            "special_pagetranslation_mark_not_translatable_admin.html",
            "Page Main Page is not suitable for translation. Make sure it has <translate> tags",
        ),
    ],
)
def test_refusals_come_with_http_200_and_say_why(name, says):
    refusal = mark_form_refusal(recorded(name))
    assert refusal is not None and says in refusal and "\n" not in refusal
