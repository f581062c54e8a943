"""-simulate: pywikibot's own files (throttle.ctrl, logs, apicache, cookies) go to a temporary
folder for the run, while user-password.py and saved cookies are still read from its folder.
The whole-run check (every job, every file option, nothing on disk) is in
tests/integration/test_run_safety.py."""

from __future__ import annotations

from contextlib import suppress
from http import cookiejar
from pathlib import Path

from pywikibot import config as pwb_config
from pywikibot import throttle
from pywikibot.comms import http
from pywikibot.data import api

from ldwg_bot.wiki import own_files_in
from ldwg_bot.wiki.startup import simulate_requested

DOMAIN = "simulate.invalid"


def _saved_cookie(path: Path) -> None:
    jar = cookiejar.LWPCookieJar(str(path))
    jar.set_cookie(
        cookiejar.Cookie(
            0,
            "session",
            "s3ss10n",
            None,
            False,
            DOMAIN,
            True,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )
    jar.save(ignore_discard=True)


def test_writes_go_to_the_folder_reads_stay_in_the_pywikibot_folder(tmp_path, monkeypatch):
    real = Path(pwb_config.base_dir)
    cookie = real / "pywikibot-SimulateTest.lwp"
    _saved_cookie(cookie)
    saved = cookie.read_bytes(), pwb_config.password_file, vars(api.CachedRequest)["_get_cache_dir"]
    ctrl = real / "throttle.ctrl"
    try:
        with own_files_in(tmp_path):
            # a throttle made now finds the file (pywikibot fails on a missing one once it
            # has given this process an id), with what the real one said
            assert (tmp_path / "throttle.ctrl").read_bytes() == (ctrl.read_bytes() if ctrl.is_file() else b"")
            monkeypatch.setattr(throttle, "pid", throttle.pid or 1)
            assert throttle.Throttle("simulate-test").ctrlfilename == str(tmp_path / "throttle.ctrl")
            assert pwb_config.datafilepath("logs", "commands.log") == str(tmp_path / "logs" / "commands.log")
            assert pwb_config.datafilepath("throttle.ctrl") == str(tmp_path / "throttle.ctrl")
            assert api.CachedRequest._get_cache_dir() == tmp_path / "apicache"
            # pywikibot's login looks for the password file under base_dir: still the real one
            assert Path(pwb_config.base_dir, pwb_config.password_file) == real / saved[1]
            http.cookie_jar.load("SimulateTest", ignore_discard=True)  # as APISite.login does
            assert [c.value for c in http.cookie_jar if c.domain == DOMAIN] == ["s3ss10n"]
            http.cookie_jar.save(ignore_discard=True)  # as a login does
        assert (tmp_path / "pywikibot-SimulateTest.lwp").is_file()
        assert cookie.read_bytes() == saved[0]
        assert pwb_config.base_dir == str(real) and pwb_config.password_file == saved[1]
        assert vars(api.CachedRequest)["_get_cache_dir"] is saved[2]
        assert "load" not in vars(http.cookie_jar)
    finally:
        with suppress(KeyError):
            http.cookie_jar.clear(DOMAIN)
        cookie.unlink()


def test_simulate_is_asked_with_or_without_seconds():
    assert simulate_requested(["-always", "-simulate"]) and simulate_requested(["-simulate:2"])
    assert not simulate_requested(["-always", "-simulated"])
