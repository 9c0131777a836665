"""The one error type services raise: a domain rule said no, in both languages."""


class ServiceError(Exception):
    """A rule of the domain refused a change. ``kind`` says which: "invalid" (bad input),
    "conflict" (the record's state does not allow it) or "forbidden" (the role may not)."""

    def __init__(self, zh, en, *, field=None, kind="invalid"):
        super().__init__(en)
        self.zh, self.en, self.field, self.kind = zh, en, field, kind

    def message(self, language="zh-hans"):
        return self.en if (language or "").lower().startswith("en") else self.zh
