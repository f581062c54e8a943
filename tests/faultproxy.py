"""The fault-injecting loopback proxy the tests put in front of a devwiki.

It lives in :mod:`tests.support.proxy`, shared with the
benchmarks; this module keeps the tests' names for it.
"""

from tests.support.proxy import LoopbackProxy as FaultProxy
from tests.support.proxy import Rule, api_error, is_edit

__all__ = ["FaultProxy", "Rule", "api_error", "is_edit"]
