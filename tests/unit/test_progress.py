import io

from ldwg_bot.runtime.progress import progress


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_silent_off_a_terminal():
    out = io.StringIO()
    assert list(progress([1, 2, 3], "pages", stream=out)) == [1, 2, 3]
    assert out.getvalue() == ""


def test_counts_on_a_terminal():
    out = Tty()
    assert list(progress([1, 2], "pages", stream=out)) == [1, 2]
    assert "pages: 2/2" in out.getvalue()
