"""API resources under /api/v1/. Each ViewSet names its queryset, serializer and
filterset; life-cycle actions validate input and call tracker.services."""
from datetime import date

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from django.contrib.auth import authenticate
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, AuthenticationFailed, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.access import among, can_write_everything
from tracker.models import (
    Disbursement, Flag, FundAllocation, InspectionRound, Notice, Observation, OrgUnit, Project, RectificationItem,
    Site, SourceDocument, Target, WebhookSubscription,
)
from tracker.services import intake
from tracker.services import projection as projection_services
from tracker.services import items as item_services
from tracker.services.errors import ServiceError
from tracker.services.observations import upsert_observations
from tracker.jobs.flags import acknowledge_flag

from .representation import represent
from . import changes, filtersets, serializers
from .base import IDEMPOTENCY_KEY, IF_MATCH, ApiView, ReadOnlyScopedViewSet, ScopedModelViewSet
from .exceptions import Gone, not_found_message
from .fields import referable
from .messages import pick
from .pagination import bounded_integer
from .parsers import SafeJSONParser, allows_body
from .models import ApiToken


class OrgUnitViewSet(ScopedModelViewSet):
    queryset = OrgUnit.objects.all()
    serializer_class = serializers.OrgUnitSerializer
    filterset_class = filtersets.OrgUnitFilterSet
    search_fields = ["name", "short_name", "code"]
    ordering_fields = ["id", "path", "code", "name", "updated_at"]


class SourceDocumentViewSet(ScopedModelViewSet):
    queryset = SourceDocument.objects.all()
    serializer_class = serializers.SourceDocumentSerializer
    filterset_class = filtersets.SourceDocumentFilterSet
    search_fields = ["title", "speaker", "full_text"]
    ordering_fields = ["id", "issued_on", "updated_at"]

    def extra_create_fields(self):
        return {"created_by": self.request.user}

    @extend_schema(request=None, responses=serializers.ExtractionSerializer, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def extract(self, request, pk=None):
        """提取 the candidate targets, achievements and milestones in the document's text, each
        with its sentence and offsets; candidates already accepted carry their target's id."""
        document = self.get_object()
        if not can_write_everything(request.user):
            raise ServiceError("只有督查室可以从讲话提取目标。", "Only supervisors can extract targets.", kind="forbidden")
        candidates = [c.as_dict() for c in intake.review_candidates(document)]
        return Response(serializers.ExtractionSerializer({"candidates": candidates}).data)

    @extend_schema(request=serializers.AcceptRequestSerializer, responses=serializers.AcceptResultSerializer,
                   parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """确认 create targets from confirmed candidates, keeping the document, sentence and
        offsets; a candidate accepted before is skipped, never duplicated. All or nothing."""
        document = self.get_object()
        if not can_write_everything(request.user):
            raise ServiceError("只有督查室可以从讲话创建目标。", "Only supervisors can create targets from a document.",
                               kind="forbidden")
        body = serializers.AcceptRequestSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        acceptances = [intake.Acceptance(**{**row, "kind": row.get("kind") or None})
                       for row in body.validated_data["candidates"]]
        created, skipped = intake.accept_candidates(document, acceptances, request.user)
        return Response({"created": [t.pk for t in created], "skipped": [t.pk for t in skipped]})


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="测算基准日 / the as-of date (default today)")


def as_of_param(request):
    """The ``as_of`` query parameter (YYYY-MM-DD, 2000–2100), or today; 400 in both languages otherwise."""
    raw = request.query_params.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise ValidationError({"as_of": [pick("as_of 须为 2000 至 2100 年间的日期 YYYY-MM-DD。",
                                              "as_of must be a date YYYY-MM-DD between 2000 and 2100.")]})
    return day


class TargetViewSet(ScopedModelViewSet):
    queryset = Target.objects.select_related("metric").prefetch_related("co_units", "sites")
    serializer_class = serializers.TargetSerializer
    filterset_class = filtersets.TargetFilterSet
    search_fields = ["code", "title", "source_sentence"]
    ordering_fields = ["id", "code", "deadline", "level", "updated_at", "points_at_risk"]

    @extend_schema(parameters=[AS_OF], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def projection(self, request, pk=None):
        """预测 where the target will end (central value, band, probability, level) and its
        monthly allowances (分解到月), as of ``as_of`` (default today). Nothing is stored."""
        target = self.get_object()
        return Response(projection_services.projection_with_allowances(target, as_of_param(request)))

    @extend_schema(parameters=[AS_OF], request=serializers.WhatIfRequestSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], url_path="what-if")
    def what_if(self, request, pk=None):
        """推演 the end value and level if the rest of the period goes as ``assumed``, and the value
        needed for each level. Read scope is enough: it answers without saving anything."""
        target = generics.get_object_or_404(self.get_queryset(), pk=pk)
        body = serializers.WhatIfRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(projection_services.what_if(target, as_of_param(request), body.validated_data["assumed"]))


class SiteViewSet(ScopedModelViewSet):
    queryset = Site.objects.all()
    serializer_class = serializers.SiteSerializer
    filterset_class = filtersets.SiteFilterSet
    search_fields = ["code", "name"]
    ordering_fields = ["id", "code", "name", "updated_at"]


def run_bulk_request(request, service):
    """Validate the envelope of a bulk request, run the service, shape the summary.
    400 when rows failed and nothing was written (all-or-nothing); otherwise 200."""
    rows = request.data
    if isinstance(rows, dict) and "rows" in rows:
        rows = rows["rows"]
    if not isinstance(rows, list):
        raise ValidationError({"rows": [pick("请求体须为 JSON 数组（或 {\"rows\": [...]}）。",
                                             "The body must be a JSON array (or {\"rows\": [...]}).")]})
    if len(rows) > BULK_MAX_ROWS:
        raise ValidationError({"rows": [pick(f"一次最多 {BULK_MAX_ROWS} 行。", f"At most {BULK_MAX_ROWS} rows at once.")]})
    flags = {}
    for name in ("partial", "dry_run"):
        raw = request.query_params.get(name, "false").lower()
        if raw not in ("true", "false", "1", "0"):
            raise ValidationError({name: [pick(f"{name} 须为 true 或 false。", f"{name} must be true or false.")]})
        flags[name] = raw in ("true", "1")
    summary = service(rows, request.user, **flags)
    body = {
        "created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged,
        "errors": [{"index": index, "field": error.field, "message": pick(error.zh, error.en)}
                   for index, error in summary.errors],
        "committed": summary.committed, "dry_run": summary.dry_run,
    }
    failed = bool(summary.errors) and not flags["partial"]
    return Response(body, status=status.HTTP_400_BAD_REQUEST if failed else status.HTTP_200_OK)


BULK_MAX_ROWS = 5000
# 5,000 rows with long Chinese notes (JSON-escaped, six bytes a character) fit in this.
BULK_MAX_BODY = 32 * 1024 * 1024
BULK_PARAMETERS = [
    OpenApiParameter("partial", bool, description="keep the good rows when some fail (default: all-or-nothing)"),
    OpenApiParameter("dry_run", bool, description="validate and count, write nothing"),
    IDEMPOTENCY_KEY,
]


class ObservationViewSet(ScopedModelViewSet):
    queryset = Observation.objects.all()
    serializer_class = serializers.ObservationSerializer
    filterset_class = filtersets.ObservationFilterSet
    search_fields = ["note"]
    ordering_fields = ["id", "observed_on", "value", "updated_at"]

    def extra_create_fields(self):
        return {"reported_by": self.request.user, "source": Observation.Source.API}

    @extend_schema(request=serializers.BulkObservationRowSerializer(many=True),
                   responses={200: serializers.BulkSummarySerializer, 400: OpenApiTypes.OBJECT},
                   parameters=BULK_PARAMETERS)
    @action(detail=False, methods=["post"], url_path="bulk")
    @allows_body(BULK_MAX_BODY)
    def bulk(self, request):
        """批量报送 upsert observations by site+metric+date or target+date (codes)."""
        self.require_model_write()
        return run_bulk_request(request, upsert_observations)


class InspectionRoundViewSet(ScopedModelViewSet):
    queryset = InspectionRound.objects.all()
    serializer_class = serializers.InspectionRoundSerializer
    filterset_class = filtersets.InspectionRoundFilterSet
    search_fields = ["code", "name"]
    ordering_fields = ["id", "year", "code", "updated_at"]


class RectificationItemViewSet(ScopedModelViewSet):
    queryset = RectificationItem.objects.prefetch_related("co_units", "evidence")
    serializer_class = serializers.RectificationItemSerializer
    filterset_class = filtersets.RectificationItemFilterSet
    search_fields = ["number", "problem", "measures"]
    ordering_fields = ["id", "number", "deadline", "state", "updated_at"]

    @extend_schema(request=serializers.BulkItemRowSerializer(many=True),
                   responses={200: serializers.BulkSummarySerializer, 400: OpenApiTypes.OBJECT},
                   parameters=BULK_PARAMETERS)
    @action(detail=False, methods=["post"], url_path="bulk")
    @allows_body(BULK_MAX_BODY)
    def bulk(self, request):
        """批量导入 upsert items by round code + number."""
        self.require_model_write()
        return run_bulk_request(request, item_services.upsert_items)

    @extend_schema(request=serializers.ReportCompletionSerializer, responses=serializers.RectificationItemSerializer,
                   parameters=[IF_MATCH, IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"], url_path="report-completion",
            parser_classes=[MultiPartParser, FormParser, SafeJSONParser])
    def report_completion(self, request, pk=None):
        """申请销号 report completion with evidence (multipart field ``evidence``, repeatable)."""
        self.get_object()  # scope (404) and write (403) before the body is judged
        data = serializers.ReportCompletionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        files = request.FILES.getlist("evidence") if hasattr(request, "FILES") else []
        return self.run_on_locked_object(item_services.report_completion, note=data.validated_data["note"],
                                         evidence_files=files or data.validated_data["evidence"],
                                         evidence_description=data.validated_data["evidence_description"])

    @extend_schema(request=None, responses=serializers.RectificationItemSerializer,
                   parameters=[IF_MATCH, IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        """销号 sign-off by a supervisor."""
        return self.run_on_locked_object(item_services.sign_off)

    @extend_schema(request=serializers.LookbackSerializer, responses=serializers.RectificationItemSerializer,
                   parameters=[IF_MATCH, IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"], url_path="lookback")
    def lookback(self, request, pk=None):
        """回头看 look-back result; ``rebounded`` reopens the item with ``new_deadline``."""
        self.get_object()  # scope (404) and write (403) before the body is judged
        data = serializers.LookbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.run_on_locked_object(item_services.record_lookback, **data.validated_data)


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.all()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    search_fields = ["code", "name"]
    ordering_fields = ["id", "code", "planned_end", "updated_at"]


class FundAllocationViewSet(ScopedModelViewSet):
    queryset = FundAllocation.objects.with_paid()
    serializer_class = serializers.FundAllocationSerializer
    filterset_class = filtersets.FundAllocationFilterSet
    search_fields = ["code", "purpose"]
    ordering_fields = ["id", "code", "year", "amount", "paid", "execution_deadline", "updated_at"]


class DisbursementViewSet(ScopedModelViewSet):
    queryset = Disbursement.objects.all()
    serializer_class = serializers.DisbursementSerializer
    filterset_class = filtersets.DisbursementFilterSet
    search_fields = ["note"]
    ordering_fields = ["id", "paid_on", "amount", "updated_at"]


class FlagViewSet(ReadOnlyScopedViewSet):
    """Flags are raised and cleared by the status engine; units answer them."""

    queryset = Flag.objects.select_related("subject_type")
    serializer_class = serializers.FlagSerializer
    filterset_class = filtersets.FlagFilterSet
    search_fields = ["reason", "response", "cause"]
    ordering_fields = ["id", "level", "raised_at", "updated_at"]

    @extend_schema(request=serializers.AcknowledgeSerializer, responses=serializers.FlagSerializer,
                   parameters=[IF_MATCH, IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """响应 acknowledge a flag with what the unit is doing about it."""
        self.get_object()  # scope (404) and write (403) before the body is judged
        data = serializers.AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.run_on_locked_object(acknowledge_flag, response=data.validated_data["response"])


class NoticeViewSet(ReadOnlyScopedViewSet):
    queryset = Notice.objects.all()
    serializer_class = serializers.NoticeSerializer
    filterset_class = filtersets.NoticeFilterSet
    search_fields = ["number", "title", "body"]
    ordering_fields = ["id", "issued_at", "response_due", "updated_at"]


class WebhookSubscriptionViewSet(ScopedModelViewSet):
    """Webhook subscriptions of REST clients; managed by supervisors (the scoping rule
    gives unit staff none). The secret is write-only."""

    queryset = WebhookSubscription.objects.all()
    serializer_class = serializers.WebhookSubscriptionSerializer
    filterset_fields = ["is_active"]
    search_fields = ["name", "url"]
    ordering_fields = ["id", "name", "created_at"]

    def extra_create_fields(self):
        return {"owner": self.request.user}

    def perform_destroy(self, instance):
        instance.delete()  # not a business record: no tombstone; its history stays


class MeView(ApiView, generics.RetrieveAPIView):
    """The signed-in user, their role, units and the token's limits."""

    serializer_class = serializers.MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


class LockedOut(APIException):
    """429 for a token request from a locked-out username or address (django-axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        from tracker.error_pages import LOCKED_OUT

        minutes = round(settings.AXES_COOLOFF_TIME * 60)
        super().__init__(pick(*(text.format(minutes=minutes) for text in LOCKED_OUT)))


class TokenView(ApiView, APIView):
    """Exchange a username and password for a new API token (shown once)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=serializers.TokenRequestSerializer, responses={201: serializers.TokenResponseSerializer},
                   auth=[])
    def post(self, request):
        data = serializers.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
            raise LockedOut()  # django-axes: too many failures for this username or address
        if user is None or not user.is_active:
            raise AuthenticationFailed(pick("用户名或密码错误。", "Wrong username or password."))
        unit = None
        if data.validated_data["unit"] is not None:
            # Looked up only now, in the signed-in user's scope: before the password is
            # checked nothing may tell which unit ids exist.
            unit = referable(OrgUnit.objects.filter(pk=data.validated_data["unit"]), user).first()
            if unit is None:
                raise ValidationError({"unit": [pick("只能限定在本人可见的单位范围内（该单位不存在或无权访问）。",
                                                     "A token can only be limited to a unit you can see "
                                                     "(it does not exist or is not yours).")]})
        token, key = ApiToken.issue(user, name=data.validated_data["name"],
                                    read_only=data.validated_data["read_only"], unit=unit)
        return Response({"token": key, "name": token.name, "read_only": token.read_only, "unit": token.unit_id},
                        status=status.HTTP_201_CREATED)


# --- the change feed ----------------------------------------------------------------------
FEED_VIEWSETS = {
    "org-units": OrgUnitViewSet, "documents": SourceDocumentViewSet, "targets": TargetViewSet,
    "sites": SiteViewSet, "observations": ObservationViewSet, "inspection-rounds": InspectionRoundViewSet,
    "rectification-items": RectificationItemViewSet, "projects": ProjectViewSet,
    "fund-allocations": FundAllocationViewSet, "disbursements": DisbursementViewSet, "flags": FlagViewSet,
    "notices": NoticeViewSet,
}


class ChangeFeedView(ApiView, APIView):
    """变更订阅 the change feed: what changed after ``cursor``, oldest first, with the
    record's current state (``data``; null for a deletion — a tombstone). Start with
    ``cursor=head`` after a full load; follow ``next_cursor`` until ``has_more`` is false.
    410 Gone means the cursor is too old: resync in full (see docs/api.md)."""

    permission_classes = [IsAuthenticated]
    extra_error_statuses = (410,)

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, description="opaque cursor from next_cursor, or 'head'"),
            OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": 1000},
                             description="rows to scan, 1–1000 (default 200)"),
        ],
        responses=serializers.ChangeFeedSerializer,
    )
    def get(self, request):
        limit = bounded_integer(request, "limit", 200, 1, 1000)
        cursor = request.query_params.get("cursor", "")
        if cursor == "head":
            position = changes.head_position()
            return Response({"results": [], "next_cursor": changes.encode_cursor(*position), "has_more": False})
        try:
            position = changes.decode_cursor(cursor) if cursor else (-1, 0)
        except changes.BadCursor:
            raise ValidationError({"cursor": [pick("cursor 无效。", "Invalid cursor.")]})
        except changes.StaleCursor:
            raise Gone(pick("cursor 已过期，请全量重新同步后从 cursor=head 继续。",
                            "The cursor has expired; resync in full, then continue from cursor=head."))
        entries, position, has_more = changes.read_changes(request.user, position, limit)
        data = self._current_data(entries)
        results = [
            {
                "id": row.id, "resource": row.resource, "object_id": row.object_id, "action": row.action,
                "changed_at": row.changed_at, "data": data.get((row.resource, row.object_id)),
            }
            for row in entries
        ]
        return Response({"results": results, "next_cursor": changes.encode_cursor(*position), "has_more": has_more})

    def _current_data(self, entries):
        """Serialize the live objects of the page: a query or two per resource, never per row."""
        ids = {}
        for row in entries:
            ids.setdefault(row.resource, set()).add(row.object_id)
        data = {}
        for resource, pks in ids.items():
            viewset = FEED_VIEWSETS[resource]
            context = {"request": self.request, "view": self}
            for pk, item in represent(viewset.serializer_class, viewset.queryset.filter(among("pk", pks)), context).items():
                data[(resource, pk)] = item
        return data


@csrf_exempt  # it changes nothing; without this a session POST got Django's HTML CSRF page, not JSON
def not_found(request, *args, **kwargs):
    """Any path under /api/ that names no resource: the same JSON 404 as a missing record."""
    from django.http import JsonResponse

    return JsonResponse({"detail": not_found_message()}, status=404)
