"""Test-only code the tests and the benchmarks share, kept out of the shipped wheel.

Why here and not in ``ldwg_bot``: none of it runs for a user of the bot, so a wheel that
carried it would ship code no user path reaches (pyproject's package list includes only
``ldwg_bot*``, and tests/unit/test_wheel.py holds that). The devwiki itself stays in the
package: ``ldwg-bot devwiki`` and the demo use it.

- :mod:`.proxy`: the loopback proxy that records requests and injects faults (tests,
  ``bench/``'s request counts);
- :mod:`.browser`: headless Chromium on devwiki pages (the demo's browser test,
  ``python -m tests.support.browser`` from the repository root for the screenshots);
- :mod:`.translate`: what a translation admin does on a devwiki with Translate;
- :mod:`.toolforge`: ``jobs.yaml`` checked as ``toolforge jobs load`` reads it;
- :mod:`.fakewiki`: the one in-memory stand-in for :class:`ldwg_bot.wiki.Wiki` in unit tests;
- :mod:`.fast_schedule`: ``schedule`` on a compressed timetable with a run limit (the
  shipped command has neither knob).
"""
