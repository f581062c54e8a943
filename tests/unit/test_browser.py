"""What the browser check calls broken, on rendered HTML as MediaWiki 1.39 writes it."""

from __future__ import annotations

from tests.support.browser import image_sources, problems

PAGE = (
    '<html><body><div id="mw-navigation"><a class="new" title="Talk:X (page does not exist)">t</a>'
    '</div><h1 id="firstHeading">Updates</h1><div id="mw-content-text"><div class="mw-parser-output">'
    '{body}</div></div><script>var x = "<translate>";</script></body></html>'
)


def page(body: str) -> str:
    return PAGE.format(body=body)


def test_clean_page():
    html = page(
        '<p>Hello <a href="/index.php/User:Farida" class="new" title="User:Farida (page does '
        'not exist)">Farida</a></p><img src="/img_auth.php/4/42/LDWG_logo.png">'
    )
    assert problems(html) == []
    assert image_sources(html) == ["/img_auth.php/4/42/LDWG_logo.png"]


def test_translate_markup_and_wikitext_shown_as_text():
    html = page(
        "<p>&lt;languages/&gt;</p><p>&lt;translate&gt; Hello &lt;/translate&gt; "
        '[&lt;tvar name="url1"&gt;https://x&lt;/tvar&gt; x] &lt;!--T:3--&gt; {{x}}</p>'
    )
    found = problems(html)
    for markup in ("<languages", "<translate", "</translate>", "<tvar", "<!--T:", "{{"):
        assert f"shows {markup!r} as text" in found


def test_broken_file_and_red_links():
    html = page(
        '<a href="/index.php?title=Special:Upload&amp;wpDestFile=Example.png" class="new" '
        'title="File:Example.png">File:Example.png</a> <a href="/index.php?title=Movement_Strategy'
        '&amp;action=edit&amp;redlink=1" class="new" title="Movement Strategy (page does not '
        'exist)">Movement Strategy</a>'
    )
    assert problems(html) == [
        "broken file link: File:Example.png",
        "red link: Movement Strategy (page does not exist)",
    ]


def test_outside_the_content_is_ignored():
    assert problems(page("<p>Fine.</p>")) == []
    assert problems("<html><body><p>no content area</p></body></html>") == ["no content"]
