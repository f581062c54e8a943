"""The pure parts of the ``translation-status`` job: numbers in, table text out.

Nothing here talks to a wiki; requests are performed by callables the job
passes in, so every step can be tested with recorded answers.

Data flow (one run)::

    tracked pages, languages (config)
        │
        ├─ with Translate (Meta) ─ stats.fetch_group_stats(request, title, wanted=…)
        │      one meta=messagegroupstats GET per page; continuation with a
        │      bounded, paused retry while Translate's cache is being rebuilt
        │      → GroupStats → stats.cells_from_group_stats(…)
        │
        └─ without Translate ───── subpages.subpage_queries(…) / title_batches(…)
               (requests run by the job) → subpages.pages_from_response(…)
               → subpages.subpage_cells(title, pages, source time, languages=…)
                                                   │
                              list[model.Cell] (page × language, state, numbers)
                                                   │
        ┌──────────────────────────┬───────────────┴──────────────┐
    history.History            table.render_table(cells, …,    export.export_rows
    record_run / mark_edited    previous=numbers_at_last_edit)  write_json / write_csv
                                      │
                      table.table_changed(old inner, new inner)? → the job
                      saves between the bot markers (markers.replace_section)

Modules: :mod:`.model` (Cell, states, Translate's percent and colour rules),
:mod:`.stats`, :mod:`.subpages`, :mod:`.table`, :mod:`.export`, :mod:`.history`.
"""

from __future__ import annotations

from .export import FIELDS, export_rows, page_url, write_csv, write_json
from .history import History
from .model import (
    BANDS,
    STATES,
    Cell,
    band_background,
    progress_band,
    translate_fraction,
    translate_percent,
    translate_state,
)
from .stats import (
    GroupStats,
    LanguageStats,
    cells_from_group_stats,
    fetch_group_stats,
    group_id,
    group_stats_params,
    languages_with_translations,
)
from .subpages import (
    allpages_params,
    find_subpages,
    pages_from_response,
    source_last_change,
    subpage_cells,
    subpage_queries,
    title_batches,
)
from .table import (
    autonyms_from_response,
    canonical,
    languageinfo_params,
    parse_numbers,
    render_table,
    table_changed,
)

__all__ = [
    "BANDS",
    "FIELDS",
    "STATES",
    "Cell",
    "GroupStats",
    "History",
    "LanguageStats",
    "allpages_params",
    "autonyms_from_response",
    "band_background",
    "canonical",
    "cells_from_group_stats",
    "export_rows",
    "fetch_group_stats",
    "find_subpages",
    "group_id",
    "group_stats_params",
    "languageinfo_params",
    "languages_with_translations",
    "page_url",
    "pages_from_response",
    "parse_numbers",
    "progress_band",
    "render_table",
    "source_last_change",
    "subpage_cells",
    "subpage_queries",
    "table_changed",
    "title_batches",
    "translate_fraction",
    "translate_percent",
    "translate_state",
    "write_csv",
    "write_json",
]
