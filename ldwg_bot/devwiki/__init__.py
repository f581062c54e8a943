"""The local MediaWiki ("devwiki") the demo and the tests run on.

``manager`` installs, serves and stops it; ``seed`` fills it with the
example pages shipped in ``ldwg_bot/examples/devwiki``; ``client`` is the
small requests-based API session both use (the bot itself uses pywikibot).
"""
from .manager import DevWiki, DevWikiError, check_prerequisites, free_port

__all__ = ["DevWiki", "DevWikiError", "check_prerequisites", "free_port"]
