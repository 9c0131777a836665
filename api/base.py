"""The one base ViewSet every resource uses: scoping, write checks, soft deletion,
ETag/If-Match, Idempotency-Key, per-token throttling and bilingual errors.

Views stay thin: a resource sets ``queryset``, ``serializer_class`` and
``filterset_class``; life-cycle actions call tracker.services.
"""
import functools
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, mixins, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from tracker.access import READ, WRITE, can, may_write_some, restrict

from . import idempotency
from .authentication import ApiTokenAuthentication
from .fields import ListedManyRelatedField, listed_attribute
from .exceptions import PreconditionFailed, PreconditionRequired, exception_handler, forbidden_to_write
from .messages import pick
from .pagination import BoundedLimitOffsetPagination
from .schema import ApiAutoSchema
from .parsers import SafeJSONParser, load_body
from .throttling import TokenRateThrottle

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="The ETag from GET, or *; 428 without it, 412 when the record changed since.",
)
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Optional ETag from GET; 412 when the record changed since.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Any unique string; a retry with the same key and body replays the first response (24 h).",
)


def etag_of(data):
    payload = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return '"%s"' % hashlib.sha1(payload.encode()).hexdigest()


def prefetch_listed(queryset, serializer_class):
    """On a list page, prefetch into plain lists (``listed_attribute``) what the serializer
    reads as such: each many-to-many it shows as ids (ListedManyRelatedField), as ids only,
    and each relation its ``Meta.listed_relations`` names (read with ``listed_rows``), whole.
    Django's own prefetch builds a related manager and two querysets for each row and
    relation, most of a 50-row page's time. Same rows, same query count; other lookups are
    left as they are."""
    lookups = []
    for lookup in queryset._prefetch_related_lookups:
        how = _listing(serializer_class, queryset.model, lookup) if isinstance(lookup, str) else None
        if how is None:
            lookups.append(lookup)
            continue
        related = _relation(queryset.model, lookup)._default_manager
        rows = related.only("pk") if how == "ids" else related.all()
        lookups.append(Prefetch(lookup, queryset=rows, to_attr=listed_attribute(lookup)))
    return queryset.prefetch_related(None).prefetch_related(*lookups)


@functools.cache
def _listing(serializer_class, model, lookup):
    """"ids", "whole" or None: how a list page prefetches ``lookup`` for ``serializer_class``
    (which fields a serializer has does not change, but building them costs a page ~5 ms)."""
    if _relation(model, lookup) is None:
        return None
    if lookup in getattr(serializer_class.Meta, "listed_relations", ()):
        return "whole"
    field = serializer_class().fields.get(lookup)
    return "ids" if isinstance(field, ListedManyRelatedField) and field.source == lookup else None


def _relation(model, name):
    """The model at the other end of the to-many relation ``name`` (None for anything else)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field.related_model if field.many_to_many or field.one_to_many else None


class ApiView:
    """What every API view shares: authentication, throttling, bounded bodies, errors,
    idempotency."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    throttle_classes = [TokenRateThrottle]
    parser_classes = [SafeJSONParser, FormParser, MultiPartParser]
    pagination_class = BoundedLimitOffsetPagination
    schema = ApiAutoSchema()
    max_body_bytes = None  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE unless a view allows more

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        self._idempotency_record = None
        super().initial(request, *args, **kwargs)
        load_body(request, self.body_limit())
        key = request.headers.get("Idempotency-Key")
        if key and request.method == "POST" and request.user.is_authenticated:
            self._idempotency_record = idempotency.begin(request, key)

    def body_limit(self):
        handler = getattr(self, getattr(self, "action", None) or "", None)
        return getattr(handler, "max_body_bytes", None) or self.max_body_bytes

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            try:
                return self.replay(exc)
            except NotFound as not_found:
                exc = not_found
        return super().handle_exception(exc)

    def replay(self, exc):
        """The stored response of an earlier request with the same key and credential."""
        return exc.response()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotency_record", None)
        if record is not None:
            idempotency.finish(record, response)
            self._idempotency_record = None
        return response


class ScopedViewSetMixin(ApiView):
    """Reading a resource scoped by tracker.access: rows outside the user's read scope do
    not exist (404), and neither do they in a replayed response."""

    filter_backends = [DjangoFilterBackend, filters.OrderingFilter, filters.SearchFilter]
    ordering_fields = ["id", "updated_at", "created_at"]

    def get_queryset(self):
        queryset = restrict(super().get_queryset(), self.request.user, READ)
        if getattr(self, "action", None) == "list":
            queryset = prefetch_listed(queryset, self.get_serializer_class())
        return queryset

    def require_model_write(self):
        """403 at once when the user may write no record of this resource at all."""
        if not may_write_some(self.request.user, self.queryset.model):
            raise forbidden_to_write()

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in SAFE_METHODS and not can(request.user, WRITE, obj):
            raise forbidden_to_write()

    def replay(self, exc):
        body = exc.record.response_body
        if exc.record.response_status < 300 and isinstance(body, dict) and isinstance(body.get("id"), int):
            if not self.get_queryset().filter(pk=body["id"]).exists():
                raise NotFound()
        return super().replay(exc)

    # --- ETag / If-Match --------------------------------------------------------------
    def current_etag(self, obj):
        return etag_of(self.get_serializer(obj).data)

    def check_if_match(self, obj, required=True):
        header = self.request.headers.get("If-Match")
        if not header:
            if required:
                raise PreconditionRequired(pick(
                    "修改或删除须带 If-Match 请求头（取自 GET 返回的 ETag）。",
                    "Updates and deletes need an If-Match header (the ETag from GET).",
                ))
            return
        if header.strip() == "*":
            return
        wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if self.current_etag(obj) not in wanted:
            raise PreconditionFailed(pick(
                "记录已被他人修改（ETag 不匹配），请重新获取后再提交。",
                "The record changed since you read it (ETag mismatch); fetch it again.",
            ))

    def with_etag(self, response):
        if 200 <= response.status_code < 300 and isinstance(response.data, dict):
            response["ETag"] = etag_of(response.data)
        return response

    def retrieve(self, request, *args, **kwargs):
        return self.with_etag(super().retrieve(request, *args, **kwargs))

    def get_locked_object(self):
        """The object, scoped (404), writable (403), and locked (SELECT … FOR UPDATE) until
        the transaction ends: the If-Match comparison and the write that follows it see
        the same row, so two writers holding one ETag cannot both succeed."""
        obj = self.get_object()
        manager = type(obj)._base_manager
        list(manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
        # Read again under the lock, with the view's annotations but no prefetched caches
        # (a service that adds evidence must see it).
        return self.get_queryset().prefetch_related(None).get(pk=obj.pk)

    def run_on_locked_object(self, service, **kwargs):
        """Run one life-cycle service on the locked object (If-Match optional) and answer
        with its new state and ETag."""
        with transaction.atomic():
            obj = self.get_locked_object()
            self.check_if_match(obj, required=False)
            service(obj, self.request.user, **kwargs)
        fresh = self.get_queryset().get(pk=obj.pk)
        return self.with_etag(Response(self.get_serializer(fresh).data))


@extend_schema_view(
    create=extend_schema(parameters=[IDEMPOTENCY_KEY]),
    update=extend_schema(parameters=[IF_MATCH_REQUIRED]),
    partial_update=extend_schema(parameters=[IF_MATCH_REQUIRED]),
    destroy=extend_schema(parameters=[IF_MATCH_REQUIRED]),
)
class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """A resource scoped by tracker.access: rows outside the user's read scope do not
    exist (404); visible rows the user may not write give 403; a create or update that
    would put a record outside the write scope is refused and rolled back. DELETE marks
    the record deleted (a tombstone in the change feed). Updates and deletes compare
    If-Match on the row locked for the write."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_locked_object()
            self.check_if_match(instance)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return self.with_etag(Response(self.fresh_data(serializer.instance)))

    def create(self, request, *args, **kwargs):
        self.require_model_write()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.with_etag(Response(self.fresh_data(serializer.instance), status=201))

    def fresh_data(self, instance):
        """The record as GET shows it (annotations such as an allocation's ``paid`` included)."""
        fresh = self.get_queryset().filter(pk=instance.pk).first()
        return self.get_serializer(fresh if fresh is not None else instance).data

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            obj = self.get_locked_object()
            self.check_if_match(obj)
            self.perform_destroy(obj)
        return Response(status=204)

    # --- writes stay inside the scope ---------------------------------------------------
    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(**self.extra_create_fields())
            if not can(self.request.user, WRITE, instance):
                raise forbidden_to_write()  # rolls the insert back

    def extra_create_fields(self):
        return {}

    def perform_update(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            if not can(self.request.user, WRITE, instance):
                raise forbidden_to_write()

    def perform_destroy(self, instance):
        instance.soft_delete()


class ReadOnlyScopedViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """A scoped resource nobody creates, changes or deletes through the API (flags, notices):
    it has no create/update/destroy at all, so no route or schema operation exists for them.
    Life-cycle actions (``@action``) may still be added."""

    http_method_names = ["get", "post", "head", "options"]
