"""Access to ``../shared`` (recorded fixtures, sample updates) for tests.

A user's clone has no ``../shared``: tests that need it skip and name what is
missing. CI sets ``LDWG_BOT_REQUIRE_SHARED=1`` so a missing piece fails there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LDWG_BOT_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip (fail in CI) when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"needs {path} (the project's ../shared checkout)"
        if os.environ.get("LDWG_BOT_REQUIRE_SHARED") == "1":
            pytest.fail(message + "; LDWG_BOT_REQUIRE_SHARED=1 is set")
        pytest.skip(message, allow_module_level=True)  # also from a module-level use
    return path


def translate_fixture(name: str) -> dict:
    """A recorded real Translate API response from ../shared/fixtures/translate/."""
    import json

    return json.loads(shared_path("fixtures", "translate", name).read_text(encoding="utf-8"))
