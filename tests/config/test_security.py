"""Production settings: the deploy check is clean, cookies, HTTPS, CSP, sessions, passwords."""
import secrets
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from config.middleware import SIGNED_IN_AT
from tests.factories import UserFactory
from tests.test_settings import run_django

PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "tracker.example.gov.cn", "EMAIL_HOST": "smtp.example.cn"}
SHOW = ("import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None))")


def test_deploy_check_is_clean_with_production_settings():
    # when
    result = run_django(PRODUCTION, "import django; django.setup(); from django.core.management import "
                        "call_command; call_command('check', deploy=True, fail_level='WARNING')")
    # then
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_sends_hsts_by_default():
    result = run_django(PRODUCTION, SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "None"]


def test_behind_a_tls_proxy_the_documented_settings_turn_django_redirect_off():
    env = {**PRODUCTION, "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "SECURE_PROXY_SSL_HEADER": "1"}
    result = run_django(env, SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "0"]
    assert "HTTP_X_FORWARDED_PROTO" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_self_only_content_security_policy(client):
    # when
    response = client.get("/accounts/login/")
    # then
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert not any("http" in sources for sources in policy.values())
    assert not any("unsafe" in sources for name, sources in policy.items() if name != "style-src")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client):
    # given
    user = UserFactory(username="cookie-user")
    user.set_password("a-Long-pass-phrase-2026")
    user.save()
    # when
    page = client.get("/accounts/login/")
    signed_in = client.post("/accounts/login/", {"username": "cookie-user", "password": "a-Long-pass-phrase-2026"})
    # then
    assert signed_in.status_code == 302
    for cookie in (page.cookies["csrftoken"], signed_in.cookies["tracker_session"]):
        assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_session_ends_after_the_absolute_lifetime_however_busy(client, settings):
    # given: signed in longer ago than the absolute lifetime, active all along
    user = UserFactory(username="long-day")
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    # when
    response = client.get("/api/v1/me/")
    # then
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_session_inside_its_absolute_lifetime_goes_on(client):
    client.force_login(UserFactory(username="short-day"))
    assert client.get("/api/v1/me/").status_code == 200


def test_idle_sessions_expire_and_every_request_renews_the_idle_clock(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE < settings.SESSION_ABSOLUTE_SECONDS


@pytest.mark.parametrize("password", ["12345678901234", "password1234", "short-1A", "longday-user1"])
def test_weak_passwords_are_refused(db, password):
    user = UserFactory.build(username="longday-user1")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_passphrase_is_accepted(db):
    validate_password("河流-清澈-2026-绿水青山", UserFactory.build(username="someone"))
