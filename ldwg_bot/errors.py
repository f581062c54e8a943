"""The bot's own exception family.

Anything derived from :class:`LdwgError` is an expected, explainable failure
(bad config, bad input, a page the bot must not touch). The CLI prints it as
one line and exits 1, with no traceback; every other exception is a bug and
keeps its traceback.
"""

from __future__ import annotations


class LdwgError(Exception):
    """Base class: an error the user can fix; shown as one line."""

    exit_code = 1


class ConfigError(LdwgError):
    """The TOML (or on-wiki JSON) configuration is invalid."""


class SourceError(LdwgError):
    """An input file (update source, CSV import) is malformed."""


class MarkerError(LdwgError):
    """A page lacks the bot's markers, or has them twice or out of order."""


class PageNotOwnedError(LdwgError):
    """The target exists and is not the bot's to write."""


class BotsDeniedError(LdwgError):
    """{{bots}}/{{nobots}} on the page forbids this bot."""


class WikiError(LdwgError):
    """The wiki refused or failed a request (read-only, protected, down, ...).

    ``code`` and ``info`` are the API's error code and text when the wiki answered with an
    error ('' otherwise), so that callers branch on the code, never on the message.
    """

    def __init__(self, message: str, *, code: str = "", info: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.info = info


class EditConflictError(WikiError):
    """Someone kept editing the page while the bot retried; gave up, nothing lost."""


class LockedError(LdwgError):
    """Another run of the same job holds the lock."""


class ForumError(LdwgError):
    """The forum refused or failed a request; one line, never a secret."""


class ForumAnswerError(ForumError):
    """The forum answered, but not in Discourse's format: one line naming the topic and the field."""
