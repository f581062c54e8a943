"""ldwg-bot: keeps the Leadership Development Working Group pages on Meta-Wiki current.

Data flows one way in every job: the wiki or a local file is read through
:mod:`ldwg_bot.wiki`, pure transforms (``updates.render``, ``feedback.parse``,
``translations.table``) turn text into text, and :mod:`ldwg_bot.wiki` writes
only the bot's own marked sections back.

The map (one line per package; the root keeps only ``cli``, ``errors``, ``demo``, ``__main__``):

- ``wiki/``          the one door to the wiki (pywikibot): reads, the save path, start-up
- ``text/``          pure text rules, one concept per module (markers, {{bots}}, escaping, codes, CSV)
- ``config/``        the schema, its rules and loading (schema <- rules <- load, no circle)
- ``forum/``         the Discourse client, its rate limits and its answers as typed records
- ``runtime/``       what a run stands on: context, report, store, files, SIGTERM, secrets, terminal
- ``ops/``           run-all, the scheduler, the lock, Toolforge
- ``updates/``, ``feedback/``, ``translations/``   the three jobs
- ``i18n/``          the message catalog; ``devwiki/`` the local MediaWiki; ``examples/`` the demo content
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:   # the one place the version is written is pyproject.toml; the install's metadata holds it
    __version__ = _version("ldwg-bot")
except PackageNotFoundError:   # a checkout that was never installed (pip install -e .)
    __version__ = "0+unknown"
