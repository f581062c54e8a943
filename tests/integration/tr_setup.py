"""Bring a devwiki with Translate into the state the translation-status tests
(and the screenshot) need, the way people do it: an admin writes and marks
the source, translators save ``Translations:<Page>/<n>/<lang>`` as
themselves, the job queue runs.

Final state of ``Leadership Development Working Group/Updates`` (7 units with
the page title), as in ``../shared/fixtures/translate``: es 7/7, pt 3/7, ar 5
translated + 2 fuzzy (units 3 and 6 changed in the source, then re-marked),
fr none. ``.../Charter`` (3 units): es 3/3, ar 1/3.
"""

from __future__ import annotations

from tests.support.translate import mark_for_translation

ROOT = "Leadership Development Working Group"
UPDATES = f"{ROOT}/Updates"
CHARTER = f"{ROOT}/Charter"

UPDATES_SOURCE = """<languages/>
<translate>
The Leadership Development Working Group publishes regular updates about its work on this page.

== March 2023 ==

The working group held its third meeting and agreed on a draft charter.

Community members are invited to comment on the draft charter on the talk page.

== Next steps ==

The group will publish a summary of the consultation before the end of April.
</translate>
"""
CHANGES = {
    "agreed on a draft charter.": "agreed on a draft charter and a meeting schedule.",
    "before the end of April.": "before the end of May.",
}

CHARTER_SOURCE = """<languages/>
<translate>
The charter says what the working group does and how it decides.

Members serve for two years and may serve again.
</translate>
"""

UNITS = {
    "es": {
        "Page display title": f"{ROOT}/Novedades",
        "1": (
            "El Grupo de Trabajo de Desarrollo de Liderazgo publica en esta página "
            "novedades periódicas sobre su trabajo."
        ),
        "2": "Marzo de 2023",
        "3": (
            "El grupo celebró su tercera reunión y acordó un borrador de carta y un calendario de reuniones."
        ),
        "4": "Se invita a la comunidad a comentar el borrador de carta en la página de discusión.",
        "5": "Próximos pasos",
        "6": "El grupo publicará un resumen de la consulta antes del final de mayo.",
    },
    "pt": {
        "Page display title": f"{ROOT}/Novidades",
        "1": (
            "O Grupo de Trabalho de Desenvolvimento de Liderança publica nesta página "
            "atualizações regulares sobre o seu trabalho."
        ),
        "2": "Março de 2023",
    },
    "ar": {
        "Page display title": "مجموعة عمل تطوير القيادة/تحديثات",
        "1": "تنشر مجموعة عمل تطوير القيادة في هذه الصفحة تحديثات منتظمة عن عملها.",
        "2": "مارس 2023",
        "3": "عقدت مجموعة العمل اجتماعها الثالث واتفقت على مسودة ميثاق.",
        "4": "ندعو أعضاء المجتمع إلى التعليق على مسودة الميثاق في صفحة النقاش.",
        "5": "الخطوات التالية",
        "6": "ستنشر المجموعة ملخصًا للمشاورة قبل نهاية أبريل.",
    },
}
TRANSLATORS = {"es": "Tomás R", "pt": "Mira Santos", "ar": "Farida", "fr": "Nadia K"}
CHARTER_UNITS = {
    "es": {
        "Page display title": f"{ROOT}/Carta",
        "1": "La carta dice qué hace el grupo de trabajo y cómo decide.",
        "2": "Los miembros sirven dos años y pueden repetir.",
    },
    "ar": {"Page display title": "مجموعة عمل تطوير القيادة/الميثاق"},
}


def translate_units(wiki, page: str, code: str, units: dict[str, str]) -> None:
    """Save each unit's translation as the language's translator (no job run)."""
    client = wiki.client(TRANSLATORS[code])
    for unit, text in units.items():
        client.edit(f"Translations:{page}/{unit}/{code}", text=text, summary=f"{code} translation")


def change_source(wiki, page: str, changes: dict[str, str]) -> None:
    admin = wiki.client("Admin")
    text = admin.page_text(page)
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    admin.edit(page, text=text, summary="update units")


def set_up_translations(wiki) -> None:
    """The whole story, ending with the job queue run (numbers settled)."""
    admin = wiki.client("Admin")
    admin.edit(UPDATES, text=UPDATES_SOURCE, summary="make translatable")
    mark_for_translation(wiki, UPDATES)
    translate_units(wiki, UPDATES, "ar", UNITS["ar"])
    wiki.run_jobs()
    change_source(wiki, UPDATES, CHANGES)
    mark_for_translation(wiki, UPDATES)  # ar's units 3 and 6 become fuzzy
    translate_units(wiki, UPDATES, "es", UNITS["es"])
    translate_units(wiki, UPDATES, "pt", UNITS["pt"])
    admin.edit(CHARTER, text=CHARTER_SOURCE, summary="new translatable page")
    mark_for_translation(wiki, CHARTER)
    translate_units(wiki, CHARTER, "es", CHARTER_UNITS["es"])
    translate_units(wiki, CHARTER, "ar", CHARTER_UNITS["ar"])
    wiki.run_jobs()
