"""The audit trail over the API: ``GET /api/v1/history/<resource>/<id>/`` lists every
change of one record (who, when, what, before → after), newest first; ``POST
/api/v1/history/<resource>/<id>/restore/`` brings back a soft-deleted record
(supervisors only). ``<resource>`` is the name used under /api/v1/ ("targets",
"rectification-items" …).

Scope first (tracker.access.restrict, fail closed): a record the caller may not read is
a 404, whether it exists or not. Deleted records keep their history and stay readable
here by those who could read them."""
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.access import WRITE, restrict
from tracker.services import audit
from tracker.services.errors import ServiceError

from .base import ApiView
from .exceptions import service_error_response
from .messages import pick


def resources():
    """Resource name → model, the same names as the API's routes."""
    from .views import FEED_VIEWSETS

    return {name: viewset.queryset.model for name, viewset in FEED_VIEWSETS.items()}


def scoped_record(resource, pk, user, action="read"):
    model = resources().get(resource)
    if model is None:
        raise Http404(pick("没有这类记录。", "No such resource."))
    manager = getattr(model, "all_objects", model._default_manager)
    obj = restrict(manager.filter(pk=pk), user, action).first()
    if obj is None:
        raise Http404(pick("记录不存在或无权查看。", "No such record, or not yours to see."))
    return model, obj


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField(help_text="字段中文名 / the field's label")
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class AuditEntrySerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    at = serializers.DateTimeField()
    who = serializers.CharField(help_text="username; empty for a scheduled job")
    action = serializers.ChoiceField(choices=list(audit.ACTION_LABELS))
    action_label = serializers.CharField()
    reason = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class RecordHistoryView(ApiView, APIView):
    """Every change of one record, newest first."""

    @extend_schema(responses={200: AuditEntrySerializer(many=True)}, operation_id="record_history")
    def get(self, request, resource, pk):
        _, obj = scoped_record(resource, pk, request.user)
        return Response(AuditEntrySerializer(audit.history_of(obj), many=True).data)


class RestoreRecordView(ApiView, APIView):
    """恢复 restore a soft-deleted record (supervisors)."""

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="record_restore")
    def post(self, request, resource, pk):
        model, obj = scoped_record(resource, pk, request.user, WRITE)
        try:
            restored = audit.restore_record(model, obj.pk, request.user)
        except ServiceError as error:
            return service_error_response(error)
        return Response({"id": restored.pk, "deleted_at": None}, status=status.HTTP_200_OK)
