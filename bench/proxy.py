"""The counting proxy of the benchmarks: :mod:`ldwg_bot.devwiki.proxy`, shared with the tests."""
from ldwg_bot.devwiki.proxy import LoopbackProxy as CountingProxy

__all__ = ["CountingProxy"]
