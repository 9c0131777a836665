"""The one error type services raise: a domain rule said no, in both languages."""


class ServiceError(Exception):
    """A rule of the domain refused a change. ``kind`` says which: "invalid" (bad input),
    "conflict" (the record's state does not allow it) or "forbidden" (the role may not)."""

    def __init__(self, zh, en, *, field=None, kind="invalid"):
        super().__init__(en)
        self.zh, self.en, self.field, self.kind = zh, en, field, kind

    def message(self, language="zh-hans"):
        return self.en if (language or "").lower().startswith("en") else self.zh


# The one answer for a reference that does not exist *or* lies outside the user's scope:
# the two must read alike, or the answer itself tells a sibling county's records apart.
NOT_FOUND_OR_NOT_YOURS = ("不存在或无权访问", "does not exist or is not yours")


def not_found_or_not_yours(zh_what, en_what, code=None):
    """(Chinese, English) for "<what> [code] does not exist or is not yours"."""
    zh, en = NOT_FOUND_OR_NOT_YOURS
    if code is None:
        return f"{zh_what}{zh}。", f"{en_what} {en}."
    return f"{zh_what}“{code}”{zh}。", f"{en_what} {code!r} {en}."
