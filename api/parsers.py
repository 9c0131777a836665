"""Request bodies the API will read: bounded in size, depth and text.

- A body larger than the view allows (``max_body_bytes``; Django's
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` by default, more for bulk imports) is a 413 with a JSON
  error, checked before anything reads it.
- JSON nested deeper than ``MAX_DEPTH`` (a body of 100,000 ``[``, a bulk row 5,000 deep)
  is a 400, never a RecursionError.
- A string holding a lone surrogate (``"\\ud800"``) cannot be stored as UTF-8 by any
  database: the whole body is refused with a 400, whatever endpoint it was sent to.
"""
from django.conf import settings
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from .messages import pick

MAX_DEPTH = 32


class PayloadTooLarge(APIException):
    status_code = 413
    default_code = "payload_too_large"


def too_large(limit):
    return PayloadTooLarge(pick(f"请求体过大（最多 {limit // (1024 * 1024)} MB）。",
                                f"The request body is too large (at most {limit // (1024 * 1024)} MB)."))


def load_body(request, limit=None):
    """Read a non-multipart body once, refusing it (413) when it is over ``limit`` bytes.
    Multipart bodies are left to Django's upload handling (files stream to disk)."""
    django_request = request._request
    limit = limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if hasattr(django_request, "_body") or django_request.content_type == "multipart/form-data":
        return
    try:
        length = int(django_request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ParseError(pick("Content-Length 无效。", "Invalid Content-Length.")) from None
    if length > limit:
        raise too_large(limit)
    if length or django_request.META.get("HTTP_TRANSFER_ENCODING"):
        body = django_request.read(limit + 1)
        if len(body) > limit:
            raise too_large(limit)
        django_request._body = body


def problem_in(data):
    """A bilingual reason the parsed JSON cannot be taken, or None. Iterative, so it
    cannot itself run out of stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return pick(f"JSON 嵌套过深（最多 {MAX_DEPTH} 层）。", f"The JSON is nested too deeply (at most {MAX_DEPTH}).")
        if isinstance(value, str):
            if not _storable(value):
                return pick("文本含有无法保存的代理字符（如 \\ud800）。",
                            "The text holds a lone surrogate (such as \\ud800), which cannot be stored.")
        elif isinstance(value, dict):
            for key, item in value.items():
                if not _storable(key):
                    return pick("字段名含有无法保存的代理字符。", "A field name holds a lone surrogate.")
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return None


def _storable(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class SafeJSONParser(JSONParser):
    """DRF's JSON parser with the bounds above."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(pick(f"JSON 嵌套过深（最多 {MAX_DEPTH} 层）。",
                                  f"The JSON is nested too deeply (at most {MAX_DEPTH}).")) from None
        problem = problem_in(data)
        if problem:
            raise ParseError(problem)
        return data


def allows_body(limit):
    """Mark a view action as taking bodies up to ``limit`` bytes (bulk imports)."""
    def mark(handler):
        handler.max_body_bytes = limit
        return handler
    return mark
