"""The Discourse forum: the client (:mod:`.discourse`, the one place that talks HTTP to it),
its rate limits (:mod:`.ratelimit`) and its answers as typed records (:mod:`.records`).
"""
