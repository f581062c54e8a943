"""ldwg-bot: keeps the Leadership Development Working Group pages on Meta-Wiki current.

Data flows one way in every job: the wiki or a local file is read through
:mod:`ldwg_bot.wiki`, pure transforms (``updates.render``, ``feedback.parse``,
``translations.table``) turn text into text, and :mod:`ldwg_bot.wiki` writes
only the bot's own marked sections back.

The map, from the command line down to the pure rules::

    cli, __main__, demo   the command line, and the demo it can run
    ops/                  run-all, the scheduler, locks, Toolforge checks
    updates/ feedback/ translations/   one job each
    wiki/                 the one door to a wiki (pywikibot underneath)
    forum/                the one door to the Discourse forum, its rate limits and typed answers
    runtime/              a run's context, report, SQLite store, files, stop, progress, secrets
    config/               schema, rules and loading of the TOML / on-wiki JSON configuration
    text/                 pure text rules: markers, {{bots}}, escaping, language codes, CSV cells
    i18n/                 the bot's own messages in every language
    devwiki/              the local MediaWiki for the demo and the tests
    errors                the one-line errors every layer raises
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:  # the one place the version is written is pyproject.toml; the install's metadata holds it
    __version__ = _version("ldwg-bot")
except PackageNotFoundError:  # a checkout that was never installed (pip install -e .)
    __version__ = "0+unknown"
