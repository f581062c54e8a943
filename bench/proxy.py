"""The counting proxy of the benchmarks: :mod:`tests.support.proxy`, shared with the tests."""

from tests.support.proxy import LoopbackProxy as CountingProxy

__all__ = ["CountingProxy"]
