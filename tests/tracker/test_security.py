"""Sign-in protection (django-axes) on the login page and the token endpoint, and the
security log: sign-in, sign-out, failure, lockout and denied access, each with who,
from where, on what and when (UTC)."""
import datetime as dt
import logging

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tracker.security import client_address

PASSWORD = "绿水青山-2026-long"
LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def clerk(db):
    user = UserFactory(username="clerk")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def ask_token(username, password, address="10.0.0.7"):
    return APIClient().post(TOKEN, {"username": username, "password": password, "name": "sync"},
                            format="json", REMOTE_ADDR=address)


def test_login_page_locks_the_user_after_repeated_failures(client, clerk):
    # given: the failure limit reached for this username, each from another address
    statuses = [sign_in(client, "clerk", "wrong", address=f"10.0.1.{n}").status_code
                for n in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the last failure locks
    # when: the right password, from yet another address
    response = sign_in(client, "clerk", PASSWORD, address="10.0.2.1")
    # then
    assert response.status_code == 429
    text = response.content.decode()
    assert "已被暂时锁定" in text and "locked" in text
    assert "_auth_user_id" not in client.session


def test_login_page_locks_the_address_whatever_the_username(client, clerk):
    # given: failures from one address, each for another name
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{n}", "wrong", address="10.0.3.3")
    # when: the clerk's right password from that address, and from another
    blocked = sign_in(client, "clerk", PASSWORD, address="10.0.3.3")
    elsewhere = sign_in(client, "clerk", PASSWORD, address="10.0.3.4")
    # then
    assert blocked.status_code == 429
    assert elsewhere.status_code == 302


def test_a_success_clears_the_count(client, clerk):
    # given: one failure short of the limit, then a success
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "clerk", "wrong")
    assert sign_in(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    # when: another failure
    sign_in(client, "clerk", "wrong")
    # then: not locked
    assert sign_in(client, "clerk", PASSWORD).status_code == 302


def test_token_endpoint_locks_out_too_with_a_bilingual_json_answer(clerk):
    # given
    statuses = [ask_token("clerk", "wrong", address=f"10.0.4.{n}").status_code
                for n in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [403] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # DRF: no auth scheme → 403
    # when
    response = ask_token("clerk", PASSWORD, address="10.0.5.1")
    # then
    assert response.status_code == 429
    assert response.json()["detail"].startswith("登录失败次数过多")
    en = APIClient().post(TOKEN, {"username": "clerk", "password": PASSWORD, "name": "sync"}, format="json",
                          REMOTE_ADDR="10.0.5.2", HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 429 and en.json()["detail"].startswith("Too many failed sign-ins")


def test_failures_on_the_page_and_the_token_endpoint_add_up(client, clerk):
    # given: half the failures on each door
    for n in range(settings.AXES_FAILURE_LIMIT):
        if n % 2:
            sign_in(client, "clerk", "wrong", address=f"10.0.6.{n}")
        else:
            ask_token("clerk", "wrong", address=f"10.0.6.{n}")
    # when / then
    assert ask_token("clerk", PASSWORD, address="10.0.7.1").status_code == 429


def records(caplog, event):
    return [r for r in caplog.records if r.name == "tracker.security" and getattr(r, "event", None) == event]


def test_security_log_has_login_failure_and_logout_with_who_where_and_when(client, clerk, caplog):
    # given
    caplog.set_level(logging.INFO, logger="tracker.security")
    before = dt.datetime.now(dt.timezone.utc)
    # when
    sign_in(client, "clerk", "wrong", address="10.0.8.1")
    sign_in(client, "clerk", PASSWORD, address="10.0.8.1")
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.8.1")
    # then
    for event in ("login_failed", "login", "logout"):
        [entry] = records(caplog, event)
        assert (entry.user, entry.address, entry.object) == ("clerk", "10.0.8.1", f"POST {LOGIN if event != 'logout' else '/accounts/logout/'}")
        at = dt.datetime.fromisoformat(entry.at)
        assert at.utcoffset() == dt.timedelta(0) and at >= before.replace(microsecond=0)


def test_security_log_records_denied_access_with_the_object(db, caplog):
    # given
    caplog.set_level(logging.INFO, logger="tracker.security")
    # when: a request without credentials
    anonymous = APIClient().get("/api/v1/targets/", REMOTE_ADDR="10.0.9.9")
    # then
    assert anonymous.status_code in (401, 403)
    [entry] = records(caplog, "denied")
    assert (entry.user, entry.address, entry.object, entry.status) == (
        "", "10.0.9.9", "GET /api/v1/targets/", anonymous.status_code)


@pytest.mark.parametrize("hops, forwarded, expected", [
    (0, "1.2.3.4", "127.0.0.1"),            # no proxy: the header is the client's own word
    (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),     # one proxy: the entry it appended
    (2, "1.2.3.4, 10.0.0.2", "1.2.3.4"),
    (2, "10.0.0.2", "127.0.0.1"),           # fewer entries than proxies: not trusted
])
def test_client_address_trusts_only_the_proxies_it_is_told_of(settings, rf, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == expected
