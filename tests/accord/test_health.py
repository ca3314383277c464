"""GET /healthz reports the database and the channel layer."""

import pytest


def test_health_ok_with_in_memory_layer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "channel_layer": "ok"}


def test_health_ok_with_real_redis(client, db, settings, redis_url):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["channel_layer"] == "ok"


def test_health_names_a_broken_channel_layer(client, db, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Nothing listens on port 1: the layer cannot connect.
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "channel_layer": "error"}


def test_health_names_a_broken_database(client, db, monkeypatch):
    from accord import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_health_is_read_only(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
