"""Ledger files through the API: ``POST /api/v1/imports/`` takes an .xlsx or .csv ledger
(multipart) and answers with every row's outcome — a dry run unless ``dry_run=false``,
and then all or nothing; ``GET /api/v1/exports/<kind>/`` returns a list as .xlsx or CSV
with the same filters as the list endpoint. Both call ``tracker.ledgers`` — the same
import the pages and ``manage.py import_ledger`` use, through the bulk upsert services."""
import json

from django.http import HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.ledgers.columns import KIND_LABELS
from tracker.ledgers.files import check_size
from tracker.ledgers.export import EXPORTS, XLSX_TYPE, export_list
from tracker.ledgers.importer import MappingNeeded, import_ledger
from tracker.ledgers.kinds import Options

from .base import IDEMPOTENCY_KEY, ApiView
from .messages import pick


class LedgerImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.CharField(help_text="items, targets, observations, observations_wide or disbursements")
    dry_run = serializers.BooleanField(default=True)
    round = serializers.CharField(required=False, allow_blank=True, default="", help_text="inspection round code or name")
    year = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=2000, max_value=2100)
    metric = serializers.CharField(required=False, allow_blank=True, default="", help_text="metric of a wide sheet")
    mapping = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text='JSON {"heading": "field"} for headings the import does not know')

    def validate_kind(self, value):
        if value not in KIND_LABELS:
            raise ValidationError(pick(f"未知的台账类型“{value}”。", f"Unknown ledger kind {value!r}."))
        return value

    def validate_mapping(self, value):
        if not value:
            return {}
        try:
            mapping = json.loads(value)
        except ValueError:
            mapping = None
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise ValidationError(pick("mapping 须为 JSON 对象 {表头: 字段}。", 'mapping must be a JSON object {"heading": "field"}.'))
        return mapping


ROW = inline_serializer("LedgerImportRow", {
    "row": serializers.IntegerField(), "outcome": serializers.CharField(), "column": serializers.CharField(),
    "message": serializers.CharField(),
})
RESULT = inline_serializer("LedgerImportResult", {
    "kind": serializers.CharField(), "dry_run": serializers.BooleanField(), "committed": serializers.BooleanField(),
    "counts": serializers.DictField(child=serializers.IntegerField()), "header_row": serializers.IntegerField(),
    "columns": serializers.ListField(child=serializers.ListField(child=serializers.CharField())),
    "ignored": serializers.ListField(child=serializers.CharField()), "rows": ROW,
})


class LedgerImportView(ApiView, APIView):
    """导入台账 import a ledger file. 200 for a dry run or a kept commit; 400 when rows
    failed (nothing written), with every row's outcome; 400 with ``missing`` when a
    required column must be mapped; 403 for a role or token that may not write."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": LedgerImportRequestSerializer},
                   responses={200: RESULT, 400: OpenApiTypes.OBJECT}, parameters=[IDEMPOTENCY_KEY])
    def post(self, request):
        body = LedgerImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        limit = getattr(request.user, "scope_limit", None)
        if limit is not None and limit.read_only:
            raise PermissionDenied(pick("只读令牌不能导入。", "A read-only token cannot import."))
        data = body.validated_data
        upload = data["file"]
        check_size(upload.size)  # before reading it into memory
        try:
            result = import_ledger(
                upload.name, upload.read(), data["kind"], request.user, dry_run=data["dry_run"],
                options=Options(round=data["round"], year=data["year"], metric=data["metric"]),
                overrides=data["mapping"])
        except MappingNeeded as needed:
            return Response({"columns": [pick(needed.zh, needed.en)], "missing": needed.missing,
                             "headings": needed.headings, "unknown": needed.unknown},
                            status=status.HTTP_400_BAD_REQUEST)
        failed = bool(result.errors) and not data["dry_run"]
        return Response({
            "kind": result.kind, "dry_run": result.dry_run, "committed": result.committed, "counts": result.counts,
            "header_row": result.header_row, "columns": [list(pair) for pair in result.columns],
            "ignored": result.ignored,
            "rows": [{"row": r.row, "outcome": r.outcome, "column": r.column, "message": pick(r.zh, r.en)}
                     for r in result.results],
        }, status=status.HTTP_400_BAD_REQUEST if failed else status.HTTP_200_OK)


class LedgerExportView(ApiView, APIView):
    """导出 a list (targets, items, flags, funds, observations, disbursements) as the
    caller sees it, filtered like the list endpoint; ``format=csv`` for UTF-8-BOM CSV."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("format", str, enum=["xlsx", "csv"])],
                   responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY,
                              400: OpenApiTypes.OBJECT})
    def get(self, request, kind):
        if kind not in EXPORTS:
            raise ValidationError({"kind": [pick(f"未知的导出类型“{kind}”。", f"Unknown export kind {kind!r}.")]})
        params = request.query_params.copy()
        file_format = params.pop("format", ["xlsx"])[-1]
        name, content_type, content = export_list(kind, request.user, params, "csv" if file_format == "csv" else "xlsx")
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    def perform_content_negotiation(self, request, force=False):
        # ``format`` is this view's own parameter (xlsx/csv), not DRF's renderer switch
        return super().perform_content_negotiation(request, force=True)


urlpatterns = [
    path("imports/", LedgerImportView.as_view(), name="imports"),
    path("exports/<str:kind>/", LedgerExportView.as_view(), name="exports"),
]
