"""What a run stands on, beside :mod:`ldwg_bot.ops`: the run's context and report, the SQLite
store, files written whole, SIGTERM, progress, secrets kept out of logs, text shown on a
terminal, and the memory of what the bot wrote inside its markers (:mod:`.humanedits`).
"""
