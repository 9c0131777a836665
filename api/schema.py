"""The OpenAPI description, completed with what every operation can answer besides
success: the error statuses of the base view (scoping, If-Match, Idempotency-Key,
bounded bodies and paging, throttling), each with the error body's shape."""
from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "description": "{\"detail\": message, \"code\": …} or {field: [messages]}, in the client's language",
    "properties": {"detail": {}, "code": {"type": "string"}},
    "additionalProperties": True,
}
MEANING = {
    400: "Bad request: invalid fields, filters, paging or JSON (nothing written)",
    401: "Not signed in, or the token is invalid or revoked",
    403: "Signed in but not allowed to write this record",
    404: "Does not exist or is outside your scope (the two are indistinguishable)",
    409: "Conflict: the record's state does not allow it, or the same Idempotency-Key is in flight",
    410: "Gone: the cursor has expired",
    412: "Precondition failed: the record changed since the ETag in If-Match",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "The Idempotency-Key was already used for a different request",
    428: "Precondition required: send If-Match",
    429: "Throttled: too many requests for this token",
}


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the error responses each operation can give."""

    def error_statuses(self):
        method = self.method.upper()
        detail = "{" in self.path
        statuses = {400, 429}
        if self.get_auth():
            statuses.add(401)
        if method == "GET":
            statuses |= {404} if detail else set()
        else:
            statuses |= {403, 409, 413, 415}
        if method == "POST":
            statuses.add(422)
        if detail and method != "GET":
            statuses |= {404, 412}
        if method in ("PUT", "PATCH", "DELETE"):
            statuses.add(428)
        statuses |= set(getattr(self.view, "extra_error_statuses", ()))
        return sorted(statuses)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            responses.setdefault(str(status), {
                "content": {"application/json": {"schema": ERROR_BODY}},
                "description": MEANING[status],
            })
        return responses
