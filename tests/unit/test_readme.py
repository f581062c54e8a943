"""The README is read by users: no unfilled placeholder is left in it."""
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_has_no_unfilled_placeholder():
    text = README.read_text(encoding="utf-8")
    left = re.findall(r"\b(?:TODO|TBD|FIXME|XXX|[A-Z]+_(?:LINE|FIGURE|HERE))\b", text)
    assert not left, f"README.md still has placeholders: {left}"
