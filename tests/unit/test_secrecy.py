"""Secrets are masked in every log record, whatever logger or format shows them."""

from __future__ import annotations

import logging

from ldwg_bot.runtime.secrecy import add_secret, mask, protect_logs


def test_parameter_values_are_masked_in_bodies_and_dicts():
    body = "action=login&lgname=Bot%40app&lgpassword=s3cr%2Bt&lgtoken=abc%2B%5C&format=json"
    assert mask(body) == "action=login&lgname=Bot%40app&lgpassword=***&lgtoken=***&format=json"
    assert mask("{'token': ['abc+\\\\'], 'text': 'x'}") == "{'token': ['***'], 'text': 'x'}"
    assert mask('{"password": "pw"}') == '{"password": "***"}'


def test_a_known_secret_is_masked_in_any_record(caplog):
    add_secret("hunter2+very/secret")
    protect_logs()
    with caplog.at_level(logging.DEBUG, logger="pywiki.test"):
        logging.getLogger("pywiki.test").debug(
            "sent %s and %s", "hunter2+very/secret", "hunter2%2Bvery%2Fsecret"
        )
    assert "hunter2" not in caplog.text and "***" in caplog.text
