"""Pure text rules, one concept per module: no I/O, no wiki, importable by every job.

:mod:`.markers` (the bot's sections), :mod:`.botpolicy` ({{bots}}), :mod:`.wikitext` (the one
escaping layer and the reader of shown words), :mod:`.langcode` (what a language code looks
like), :mod:`.csvsafe` (CSV cells a spreadsheet cannot run).
"""
