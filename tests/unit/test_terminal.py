"""Text from outside (titles, names, comments, forum posts, a server's answer) is shown on the
terminal without the control characters and escape sequences that would drive the terminal:
colours, a cleared screen, a retitled window, a forged hyperlink, text reordered by bidi
overrides, a line overwritten by a carriage return (issue 23)."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.runtime.terminal import shown

ESC = "\x1b"


def test_escape_sequences_and_controls_are_removed():
    assert shown(f"a{ESC}[31mred{ESC}[0m b") == "ared b"
    assert shown(f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\") == "click"
    assert shown(f"{ESC}]0;window title\x07after") == "after"
    assert shown(f"{ESC}P1;2|data{ESC}\\x {ESC}(B{ESC}c") == "x "
    assert shown("bell\x07 back\x08space nul\x00 del\x7f c1\x85\x9b31m") == "bell backspace nul del c131m"
    assert shown("looks fine\rreplaced") == "looks finereplaced"
    assert shown(f"cut off {ESC}[") == "cut off "


def test_bidi_overrides_are_shown_not_obeyed():
    assert shown("invoice\u202egpj.exe") == "invoice<U+202E>gpj.exe"
    assert (
        shown("\u2066x\u2069 \u202a\u202b\u202c\u202d")
        == "<U+2066>x<U+2069> <U+202A><U+202B><U+202C><U+202D>"
    )


def test_lines_and_ordinary_text_stay():
    text = "Tomás R — ¿qué tal?\n\tنادية ‏(RLM kept)\nবাংলা 😀 \u200d"
    assert shown(text) == text
    assert shown("one\ntwo\r\n", one_line=True) == "one two"


_UNSAFE = (
    set(range(0x00, 0x20)) - {0x09, 0x0A}
    | {0x7F}
    | set(range(0x80, 0xA0))
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
)


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(
                [ESC, "[", "]", "\\", "\x07", ";", "m", "0", "\n", "\r", "\u202e", "\x9b", "\x9d", "P", "a"]
            ),
            st.characters(),
        ),
        max_size=60,
    )
)
def test_nothing_unsafe_survives_and_safe_text_is_kept(text):
    out = shown(text)
    assert not any(ord(ch) in _UNSAFE for ch in out), repr(out)
    if not any(ord(ch) in _UNSAFE for ch in text):
        assert out == text
    assert "\n" not in shown(text, one_line=True)
    assert unicodedata.normalize("NFC", shown(out)) == unicodedata.normalize("NFC", out)


def test_an_export_to_standard_output_is_data_and_stays_exact(capsys):
    """Only what people read is filtered: ``--export -`` hands a comment's text on as it is."""
    import json

    from ldwg_bot.feedback.export import write_export

    text = "a \u202eb\x85 c"
    write_export([{"id": "c-1", "text": text}], "-")
    assert [row["text"] for row in json.loads(capsys.readouterr().out)] == [text]
