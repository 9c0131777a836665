"""Answers for the requests that cannot be served: a sign-in lockout, and a database that
does not answer. ``/api/`` gets JSON in the API's shape (``{"detail", "code"}``); pages
get a short standalone page in Chinese and English (templates/429.html, 503.html, 500.html), never
a traceback."""
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

LOCKED_OUT = ("登录失败次数过多，该账号或地址已被暂时锁定，请 {minutes} 分钟后再试，或联系管理员解锁。",
              "Too many failed sign-ins: this account or address is locked for {minutes} minutes; "
              "try again later or ask an administrator to unlock it.")
UNAVAILABLE = ("数据库暂时无法访问，请稍后重试。", "The database is unreachable for the moment; please try again shortly.")


def wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def bilingual(pair, **values) -> str:
    zh, en = (text.format(**values) for text in pair)
    return f"{zh} / {en}"


def answer(request, template, pair, status, code, **values):
    if wants_json(request):
        return JsonResponse({"detail": bilingual(pair, **values), "code": code}, status=status)
    zh, en = (text.format(**values) for text in pair)
    return HttpResponse(render_to_string(template, {"message_zh": zh, "message_en": en}), status=status)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: 429 with a bilingual explanation."""
    from django.conf import settings

    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return answer(request, "429.html", LOCKED_OUT, 429, "locked_out", minutes=minutes)


SERVER_ERROR = ("系统出错，已记录，请稍后重试。", "Something went wrong; it has been logged. Please try again later.")


def database_unreachable(exc) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request):
    """handler500: a database that does not answer is a 503 (try again shortly), anything
    else a 500; JSON under /api/, a standalone bilingual page elsewhere, never a traceback
    (Django's own logger has already written it to the log)."""
    import sys

    exc = sys.exc_info()[1]
    if database_unreachable(exc):
        response = answer(request, "503.html", UNAVAILABLE, 503, "unavailable")
        response["Retry-After"] = "30"
        return response
    return answer(request, "500.html", SERVER_ERROR, 500, "server_error")
