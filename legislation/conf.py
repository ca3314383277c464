"""The settings of the legislation app, read by the Django layer and passed to the pure core.

    ACCORD_LEGISLATION_MAX_TEXT_CHARS    longest current or proposed text accepted (2,000,000)
    ACCORD_LEGISLATION_REWRITE_SHARE     an article is rewritten whole («статью 5 изложить в
                                         следующей редакции») when the changed units make more
                                         than this share of it (0.5)
    ACCORD_LEGISLATION_MAX_WORD_EDITS    a unit with more word changes is rewritten (3)

Each may be set in accord/settings.py or in the environment of the same name.
"""

import os

from django.conf import settings

from legislation.amend import Options


def _setting(name: str, default, cast):
    if hasattr(settings, name):
        return cast(getattr(settings, name))
    return cast(os.environ.get(name, default))


def max_text_chars() -> int:
    return _setting("ACCORD_LEGISLATION_MAX_TEXT_CHARS", 2_000_000, int)


def draft_options() -> Options:
    return Options(
        rewrite_share=_setting("ACCORD_LEGISLATION_REWRITE_SHARE", 0.5, float),
        max_word_edits=_setting("ACCORD_LEGISLATION_MAX_WORD_EDITS", 3, int),
    )
