"""日报告 / 零报告 over the API: list the reports in scope, file one (same service as the page)."""
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from tracker.access import READ, restrict
from tracker.models import DailyReport, OrgUnit
from tracker.services.reports import file_daily_report

from .base import ApiView
from .filtersets import DailyReportFilterSet


class DailyReportSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())

    class Meta:
        model = DailyReport
        fields = ["id", "unit", "report_date", "is_zero", "content", "reported_by", "reported_at"]
        read_only_fields = ["id", "reported_by", "reported_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # a unit outside the read scope is "not found", like a missing id
            self.fields["unit"].queryset = restrict(OrgUnit.objects.all(), request.user, READ)


class DailyReportViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """Daily reports of the units in scope; POST files one (``is_zero`` for 零报告). A unit
    with the duty that has filed nothing by the cutoff is flagged by the daily-report scan."""

    queryset = DailyReport.objects.select_related("unit").order_by("-report_date", "unit_id")
    serializer_class = DailyReportSerializer
    filterset_class = DailyReportFilterSet

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, READ)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = file_daily_report(request.user, data["unit"], report_date=data["report_date"],
                                   is_zero=data.get("is_zero", False), content=data.get("content", ""))
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)
