"""ldwg-bot: keeps the Leadership Development Working Group pages on Meta-Wiki current.

Data flows one way in every job: the wiki or a local file is read through
:mod:`ldwg_bot.wiki`, pure transforms (``updates.render``, ``feedback.parse``,
``translations.table``) turn text into text, and :mod:`ldwg_bot.wiki` writes
only the bot's own marked sections back.
"""
__version__ = "0.1.0"
