"""The facade: one :class:`Wiki` per run, built from a pywikibot site, logged in lazily.

The methods live in two halves, :mod:`.reads` (GETs and site facts) and
:mod:`.save` (the save path and its guards); this module only connects and
logs in. Jobs never build requests themselves and never import pywikibot: this
package is the project's one boundary with it.
"""

from __future__ import annotations

from collections.abc import Callable

import pywikibot
from pywikibot import config as pwb_config
from pywikibot.bot import BaseBot
from pywikibot.exceptions import Error as PywikibotError

from ..errors import WikiError
from ..runtime.terminal import say
from .pages import EditResult
from .probe import USER_AGENT
from .reads import Reads
from .save import Saves


class Wiki(Reads, Saves):
    """Access to one wiki through a pywikibot ``APISite``: connect and log in here, read
    (:class:`.reads.Reads`) and write (:class:`.save.Saves`) through the two halves."""

    def __init__(
        self,
        site: pywikibot.site.APISite,
        *,
        summary_suffix: str = "",
        conflict_retries: int = 3,
        out: Callable[[str], None] = say,
        ask: bool = False,
    ):
        self.site = site
        self.summary_suffix = summary_suffix
        self.conflict_retries = conflict_retries
        self.out = out
        self.edits: list[EditResult] = []
        self.ask = ask
        self._bot_password: tuple[str, str, str] | None = None
        # pywikibot's own confirmation (diff, then yes / no / all / quit); 'all' sets always
        self.confirm = BaseBot(always=not ask)
        self._extensions: dict[str, bool] = {}

    # ---------------------------------------------------------- connecting
    @classmethod
    def connect(
        cls,
        family: str,
        code: str,
        *,
        api_url: str = "",
        user: str = "",
        summary_suffix: str = "",
        maxlag: int | None = None,
        put_throttle: float | None = None,
        ask: bool = False,
        bot_password: tuple[str, str, str] | None = None,
    ) -> Wiki:
        """Build the pywikibot site; ``api_url`` registers a family for any wiki.

        ``ask``: confirm each edit at the terminal (a hand run without -always).
        ``bot_password``: ``(user, app, password)`` held in memory (never in a file).
        """
        if api_url:
            pwb_config.family_files.setdefault(family, api_url)
        if user and not pwb_config.usernames.get(family, {}).get(code):
            pwb_config.usernames.setdefault(family, {})[code] = user
        if maxlag is not None:
            pwb_config.write_maxlag = maxlag
        if put_throttle is not None:
            pwb_config.put_throttle = put_throttle
        if USER_AGENT not in pwb_config.user_agent_format:
            pwb_config.user_agent_format += " " + USER_AGENT
        try:
            site = pywikibot.Site(code, family)
        except PywikibotError as exc:
            raise WikiError(f"cannot use wiki {family}:{code}: {exc}") from None
        if put_throttle is not None:
            # the site (and its throttle) may exist already: handle_args() builds it
            site.throttle.writedelay = put_throttle
        wiki = cls(site, summary_suffix=summary_suffix, ask=ask)
        if bot_password:
            wiki._bot_password = bot_password
            pwb_config.password_file = None  # pywikibot must not look for a file
        return wiki

    def login(self) -> None:
        """Log in before the first write (reads stay anonymous and cheap)."""
        if self.site.logged_in():
            return
        try:
            if self._bot_password:
                self._login_in_memory(*self._bot_password)
            self.site.login()
        except PywikibotError as exc:
            # A read-only wiki refuses the login too (pywikibot retries, then times out):
            # say so, rather than send the maintainer to check a password that is right.
            why = self._explain_failure(exc)
            if why.startswith("the wiki is read-only"):
                raise WikiError(
                    f"{self.site}: cannot log in: {why}; nothing written, run again later"
                ) from None
            raise WikiError(
                f"cannot log in to {self.site} as {self.site.username() or '(no user)'}: "
                f"{type(exc).__name__}; check user-config.py / user-password.py"
            ) from None
        if not self.site.logged_in():
            raise WikiError(f"cannot log in to {self.site}: check the BotPassword in user-password.py")

    def _login_in_memory(self, user: str, app: str, password: str) -> None:
        """pywikibot's own login with a BotPassword from memory; ``site.login()`` then finds
        the session (no password file is ever written)."""
        from pywikibot.login import BotPassword, ClientLoginManager

        manager = ClientLoginManager(site=self.site, user=user)
        manager.password = password
        manager.login_name = BotPassword(app, password).login_name(user)
        if not manager.login(retry=False):
            raise WikiError(f"cannot log in to {self.site} as {user}: check LDWG_BOT_BOTPASSWORD")
