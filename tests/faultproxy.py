"""The fault-injecting loopback proxy the tests put in front of a devwiki.

It lives in the package (:mod:`ldwg_bot.devwiki.proxy`), shared with the
benchmarks; this module keeps the tests' names for it.
"""
from ldwg_bot.devwiki.proxy import LoopbackProxy as FaultProxy, Rule, api_error, is_edit

__all__ = ["FaultProxy", "Rule", "api_error", "is_edit"]
