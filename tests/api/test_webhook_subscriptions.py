"""Webhook subscriptions: supervisors manage them; the secret never comes back."""
import pytest

from tracker.models import WebhookSubscription

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhook-subscriptions/"
PAYLOAD = {"name": "省级平台", "url": "https://example.org/hook", "secret": "s3cret", "event_types": ["flag.raised"]}


def test_supervisor_creates_a_subscription_without_seeing_the_secret(api, supervisor):
    response = api(supervisor).post(URL, PAYLOAD, format="json")
    assert response.status_code == 201
    assert "secret" not in response.json()
    assert WebhookSubscription.objects.get().owner == supervisor


def test_staff_neither_see_nor_create_subscriptions(api, city, staff_a, supervisor):
    hook = WebhookSubscription.objects.create(name="x", url="https://example.org", secret="s", event_types=["*"])
    client = api(staff_a)
    assert client.get(f"{URL}{hook.pk}/").status_code == 404
    assert client.post(URL, PAYLOAD, format="json").status_code == 403
    assert WebhookSubscription.objects.count() == 1


def test_bad_url_is_refused(api, supervisor):
    response = api(supervisor).post(URL, {**PAYLOAD, "url": "not a url"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "url" in response.json()
