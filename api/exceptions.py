"""Errors as the client sees them: DRF's shape ({"detail": …} or {field: [messages]}),
in the client's language, and never a 500 for a rule the database enforces."""
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tracker.services.errors import ServiceError

from .messages import pick


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_code = "gone"


def forbidden_to_write():
    return exceptions.PermissionDenied(pick("无权修改该记录。", "You may not change this record."))


def service_error_response(error):
    message = pick(error.zh, error.en)
    if error.kind == "forbidden":
        return Response({"detail": message, "code": "forbidden"}, status=status.HTTP_403_FORBIDDEN)
    if error.kind == "conflict":
        return Response({"detail": message, "code": "invalid_state"}, status=status.HTTP_409_CONFLICT)
    body = {error.field: [message]} if error.field else {"detail": message}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(pick("未找到该记录（不存在或不在您的权限范围内）。",
                                       "Not found (it does not exist or is outside your scope)."))
    if isinstance(exc, ServiceError):
        return service_error_response(exc)
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        return Response({"detail": pick("请求体过大或字段过多。", "The request body is too large or has too many fields."),
                         "code": "payload_too_large"}, status=413)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": pick("数据与已有记录冲突，未保存。", "The data conflicts with existing records; nothing was saved."),
             "code": "integrity_error"},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
