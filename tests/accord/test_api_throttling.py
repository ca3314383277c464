"""API calls are limited per user (token and session together), answered 429 with Retry-After."""

from django.urls import reverse
from rest_framework.authtoken.models import Token


def test_api_answers_429_past_the_users_rate_with_retry_after(client, world, settings):
    settings.ACCORD_API_RATE_USER = "3/minute"
    user = world.users["editor"]
    token = Token.objects.create(user=user)
    client.force_login(user)
    url = reverse("api-me")
    # Session and token calls of one user share one allowance.
    assert client.get(url).status_code == 200
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    assert client.get(url).status_code == 200
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Слишком много запросов. Попробуйте снова через")
    # Another user is not affected.
    client.force_login(world.users["observer"])
    assert client.get(url).status_code == 200


def test_api_429_message_in_english(client, world, settings):
    settings.ACCORD_API_RATE_USER = "1/minute"
    client.force_login(world.users["editor"])
    url = reverse("api-me")
    client.cookies["django_language"] = "en"
    client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many requests. Try again in ")


def test_default_rates_leave_ordinary_use_alone(client, world):
    client.force_login(world.users["editor"])
    for _ in range(30):
        assert client.get(reverse("api-me")).status_code == 200
