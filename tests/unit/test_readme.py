"""The README is the door a user finds first: short, complete in its links, no placeholder.

The manual lives in docs/, the benchmark figures in bench/README.md; these tests
hold the README to the issue 24 shape (at most 300 lines: what it is, the two
commands, screenshots, a paragraph per job, links) and check that every link
between the pages still leads somewhere.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
#: Every page a user reads: a link or placeholder anywhere in them is checked.
PAGES = [README, ROOT / "CHANGELOG.md", ROOT / "bench" / "README.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_page_has_no_unfilled_placeholder(page):
    text = page.read_text(encoding="utf-8")
    left = re.findall(r"\b(?:TODO|TBD|FIXME|XXX|[A-Z]+_(?:LINE|FIGURE|HERE))\b", text)
    assert not left, f"{page.name} still has placeholders: {left}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading(page):
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):
            continue  # https:, mailto: ... are not files of this repository
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading #{anchor} in {dest.name}")
    assert not broken, f"{page.name}: {broken}"


def test_the_readme_is_short_and_links_the_manual():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300, "README.md: at most 300 lines; move details to docs/"
    for part in ("./dev demo", "./dev test"):
        assert part in text
    linked = {Path(t.partition("#")[0]).as_posix() for t in LINK.findall(text)}
    for page in sorted(DOCS.glob("*.md")):
        assert f"docs/{page.name}" in linked, f"README.md links no docs/{page.name}"
    for needed in ("bench/README.md", "CHANGELOG.md"):
        assert needed in linked


def test_every_screenshot_is_shown_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for shot in sorted((DOCS / "screenshots").glob("*.png")):
        assert f"](docs/screenshots/{shot.name})" in text, f"README.md does not show {shot.name}"


def test_the_changelog_keeps_a_changelog_shape():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    releases = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert releases[0] == "Unreleased"
    for heading in re.findall(r"^### (.+)$", text, re.M):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, heading
    for version in releases[1:]:
        assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d\d-\d\d$", text, re.M), version
