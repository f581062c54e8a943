"""The local MediaWiki ("devwiki") the demo and the tests run on.

``mediawiki`` says which MediaWiki core it runs on (``debian`` fetches Debian
13's 1.43 into the user's cache); ``manager`` installs, serves and stops it (``server``: the
``php -S`` process group); ``seed`` fills it with the example pages shipped in
``ldwg_bot/examples/devwiki``; ``client`` is the small requests-based API session both use
(the bot itself uses pywikibot).
"""

from .manager import DevWiki, check_prerequisites
from .mediawiki import Core, DevWikiError
from .server import free_port

__all__ = ["Core", "DevWiki", "DevWikiError", "check_prerequisites", "free_port"]
