"""Generated Markdown updates for the every-word and no-markup properties.

Deep nesting (lists in quotes in lists), long lists, tables with pipes and inline markup, raw
HTML blocks and inline HTML, emphasis runs, code spans and blocks, links and images with
hostile targets, headings, and text an author may type that wikitext would read as markup.
"""

from __future__ import annotations

from hypothesis import strategies as st

FRONT = '---\nmonth: 2026-05\ntitle: "Generated update"\nsummary: "Generated."\n---\n\n'
FILE = "updates/2026-05.md"

WORDS = (
    "meeting",
    "Leadership",
    "grupo",
    "réunion",
    "اجتماع",
    "সভা",
    "会议",
    "draft",
    "x1",
    "Wikimania",
    "éte",
    "naïve",
    "Ünïcode",
    "shalom",
    "שלום",
)
# Text that is wiki markup if written as is: signatures, templates, substitution, magic
# words, categories, entities that decode to those, direction marks, table and link syntax.
HOSTILE = (
    "~~~~",
    "~~~",
    "~~~~~",
    "{{subst:X}}",
    "{{PAGENAME}}",
    "__NOTOC__",
    "\\_\\_TOC\\_\\_",
    "[[Category:X]]",
    "[[ category : Y|y]]",
    "&#126;&#126;&#126;&#126;",
    "&#123;&#123;subst:X&#125;&#125;",
    "&amp;#126;&amp;#126;&amp;#126;",
    "\u200f",
    "\u200e",
    "''",
    "'''",
    "{|",
    "|}",
    "||",
    "!!",
    "-{",
    "}-",
    "----",
    "<nowiki>",
    "</translate>",
    "<!-- c -->",
    "&lt;b&gt;",
    "ISBN 1234567890",
    "[https://x.org y]",
    "%7B%7B",
    "\\|",
    "&#91;&#91;Category:Z&#93;&#93;",
    "{{{1}}}",
    "<ref>r</ref>",
    "-->",
)
TARGETS = (
    "Movement Strategy",
    "Talk:LDWG",
    "{{subst:X}}",
    "~~~~",
    "Foo~~~Bar",
    "Category:X",
    "&#67;ategory:Y",
    "Category&#58;Z",
    "Foo __NOTOC__",
    "Foo \\_\\_NOTOC\\_\\_",
    "a|b",
    "<b>",
    "File:X.png",
    "fr:Foo",
    "Foo%7B%7Bx%7D%7D",
    "https://x.org/~~~~",
    "#anchor {{x}}",
    "#Our_goals",
    "Image:Y.png",
    "Special:RecentChanges",
    "",
    " ",
    "Foo&amp;Bar",
    "Foo]]x",
    "-{x}-",
    "Template:X",
    "{{PAGENAME}}",
    "A_B__TOC__",
)
URLS = (
    "https://meta.wikimedia.org/wiki/Movement_Strategy",
    "https://x.org/~~~~",
    "https://x.org/{{subst:X}}",
    "https://x.org/a__NOTOC__b",
    "https://x.org/a|b",
    "https://x.org/it''s",
    "https://x.org/a!!b",
    "mailto:a@b.org",
    "https://x.org/%7B%7B",
)

word = st.sampled_from(WORDS)
hostile = st.sampled_from(HOSTILE)
target = st.sampled_from(TARGETS)
url = st.sampled_from(URLS)


@st.composite
def phrase(draw, min_size: int = 1, max_size: int = 4) -> str:
    return " ".join(draw(st.lists(word, min_size=min_size, max_size=max_size)))


PAGES = st.sampled_from(("Movement_Strategy", "#Goals", "Talk:LDWG"))
CODE = st.sampled_from(("x = {{y}}", "~~~~", "a|b", "<b>", "code words"))
FILES = st.sampled_from(("File:Logo.png", "Example_1.png", "File:{{x}}.png", "File:A~~~~.png", "Image:B.svg"))
CAPTIONS = st.sampled_from(("", ' "The logo"', ' "left"', ' "200px"', ' "{{x}}"'))
ALTS = st.one_of(phrase(), st.sampled_from(("left", "thumb", "link=x", "")))


def _pieces() -> st.SearchStrategy[str]:
    p = phrase()
    return st.one_of(
        p.map("*{}*".format),
        p.map("**{}**".format),
        st.tuples(p, p).map(lambda t: "***{}*** ~~{}~~".format(*t)),
        CODE.map("`{}`".format),
        st.tuples(p, PAGES).map(lambda t: "[{}]({})".format(*t)),
        st.tuples(p, target).map(lambda t: "[{}](<{}>)".format(*t)),
        st.tuples(target, p).map(lambda t: "[[{}|{}]]".format(*t)),
        target.map("[[{}]]".format),
        st.tuples(p, url).map(lambda t: "[{}]({})".format(*t)),
        url.map("<{}>".format),
        st.tuples(ALTS, FILES, CAPTIONS).map(lambda t: "![{}](<{}>{})".format(*t)),
        st.tuples(p, p).map(lambda t: "<span>{}</span> <b>{}</b>".format(*t)),
        hostile,
        st.tuples(hostile, p, hostile).map("".join),
        st.tuples(hostile, p).map(lambda t: "*{} {}*".format(*t)),
        p,
    )


inline_piece = _pieces()


@st.composite
def inline(draw, max_pieces: int = 5) -> str:
    pieces = draw(st.lists(inline_piece, min_size=1, max_size=max_pieces))
    return " ".join(pieces).strip() or "word"


@st.composite
def table(draw) -> list[str]:
    columns = draw(st.integers(1, 4))
    rows = draw(st.integers(1, 5))

    def cell() -> str:
        text = draw(st.one_of(inline(max_pieces=2), st.sampled_from(("12", "a \\| b", "2026-05"))))
        return text.replace("|", "\\|").replace("\\\\|", "\\|")

    head = "| " + " | ".join(cell() for _ in range(columns)) + " |"
    rule = "|" + "|".join(draw(st.sampled_from(("---", ":--", "--:", ":-:"))) for _ in range(columns)) + "|"
    body = ["| " + " | ".join(cell() for _ in range(columns)) + " |" for _ in range(rows)]
    return [head, rule] + body


def _indent(lines: list[str], first: str, rest: str) -> list[str]:
    return [(first if n == 0 else rest if line else "") + line for n, line in enumerate(lines)]


@st.composite
def block(draw, depth: int = 0) -> list[str]:
    kinds = 9 if depth < 3 else 6
    kind = draw(st.integers(0, kinds - 1))
    if kind == 0:
        return [draw(inline())]
    if kind == 1:
        return ["#" * draw(st.integers(1, 6)) + " " + draw(inline(max_pieces=3))]
    if kind == 2:
        fence = draw(st.sampled_from(("```", "~~~~")))
        code = draw(
            st.lists(
                st.sampled_from(("x = {{y}}", "~~~~ & <b>", "</pre> __TOC__", "plain code words")),
                min_size=1,
                max_size=3,
            )
        )
        return [fence, *code, fence]
    if kind == 3:
        return draw(table())
    if kind == 4:
        return (
            ["<div>", draw(phrase()), "</div>"]
            if draw(st.booleans())
            else [f'<p class="x">{draw(phrase())}</p>', "<!-- a comment -->"]
        )
    if kind == 5:
        return ["---"]
    if kind in (6, 7):  # a list, maybe long, items holding nested blocks
        ordered = kind == 7
        items = draw(
            st.lists(
                st.lists(block(depth + 1), min_size=1, max_size=2),
                min_size=1,
                max_size=12 if depth == 0 else 3,
            )
        )
        lines: list[str] = []
        for n, item in enumerate(items):
            mark = f"{n + 1}. " if ordered else "- "
            body: list[str] = []
            for k, sub in enumerate(item):
                body += ([""] if k else []) + sub
            lines += _indent(body, mark, " " * len(mark))
        return lines
    inner: list[str] = []  # a quote holding blocks
    for k, sub in enumerate(draw(st.lists(block(depth + 1), min_size=1, max_size=3))):
        inner += ([""] if k else []) + sub
    return [("> " + line) if line else ">" for line in inner]


@st.composite
def markdown_body(draw) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"
