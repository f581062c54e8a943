"""ldwg-bot: keeps the Leadership Development Working Group pages on Meta-Wiki current.

Data flows one way in every job: the wiki or a local file is read through
:mod:`ldwg_bot.wiki`, pure transforms (``updates.render``, ``feedback.parse``,
``translations.table``) turn text into text, and :mod:`ldwg_bot.wiki` writes
only the bot's own marked sections back.
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:   # the one place the version is written is pyproject.toml; the install's metadata holds it
    __version__ = _version("ldwg-bot")
except PackageNotFoundError:   # a checkout that was never installed (pip install -e .)
    __version__ = "0+unknown"
