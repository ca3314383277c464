"""Test settings: the real settings, with a test key and fast password hashing.

DATABASE_URL and REDIS_URL are honoured, so CI runs the suite against PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-any-deployment-0123456789abcdef")

from accord.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Live servers started by the tests (daphne processes) must open the same test database:
# a file, not SQLite's in-memory default.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run, so that runs side by side do not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-accord-{os.getpid()}.sqlite3")  # noqa: F405
    }
else:
    # Likewise one PostgreSQL test database per run (pytest-django drops it at the end).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }

# Tests open and close connections from many threads and processes; keep none open between them,
# so that the test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Throttle counters in this process's memory, never a shared Redis (tests/conftest.py empties
# the cache before every test, so that no test inherits another's counts).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
