"""Bilingual messages: the API answers in Chinese or English by Accept-Language.

Django's LocaleMiddleware has already activated the request's language; DRF's own
messages come from its zh_Hans catalogue. Our messages carry both texts and pick one.
"""
from django.utils import translation
from django.utils.functional import lazy


def pick(zh, en):
    """The text for the active language: English when the client asked for it, else Chinese."""
    language = (translation.get_language() or "zh-hans").lower()
    return en if language.startswith("en") else zh


class Bilingual(str):
    """A message in both languages, resolved when first turned into text."""

    def __new__(cls, zh, en):
        return super().__new__(cls, pick(zh, en))


# The same choice made when the text is used, for messages defined at import time.
lazy_pick = lazy(pick, str)
