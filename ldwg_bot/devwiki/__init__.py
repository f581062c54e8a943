"""The local MediaWiki ("devwiki") the demo and the tests run on.

``mediawiki`` says which MediaWiki core it runs on (``debian`` fetches Debian
13's 1.43 into the user's cache); ``manager`` installs, serves and stops it; ``seed`` fills it with the
example pages shipped in ``ldwg_bot/examples/devwiki``; ``client`` is the
small requests-based API session both use (the bot itself uses pywikibot).
"""

from .manager import DevWiki, check_prerequisites, free_port
from .mediawiki import Core, DevWikiError

__all__ = ["Core", "DevWiki", "DevWikiError", "check_prerequisites", "free_port"]
