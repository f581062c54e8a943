"""A configuration file that is not UTF-8 is one line naming the file, the line and the byte;
exit 1 and no traceback (TOML is UTF-8 by definition)."""

from __future__ import annotations

import pytest

from ldwg_bot import cli


@pytest.mark.parametrize("argv", [["check-config"], ["collect-feedback", "-simulate", "--config"]])
def test_a_config_that_is_not_utf8_is_one_line(tmp_path, capsys, argv):
    p = tmp_path / "ldwg.toml"
    p.write_bytes('store = "x.sqlite"\n# Jos\u00e9\n'.encode("latin-1"))
    assert cli.main([*argv, str(p)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"ldwg-bot: error: {p}:2: not UTF-8 text (byte 24); save the file as UTF-8"]
