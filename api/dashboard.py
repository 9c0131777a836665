"""驾驶舱 dashboard aggregates under /api/v1/dashboard/: the headline figures, the
four-colour matrix, the ranking (红黑榜) and the chart series, each scoped by the one access
rule (a staff user gets their units' version) and cached per data version, scope and
filters. The figures are computed by :mod:`tracker.dashboard`; shapes in docs/api.md."""
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.dashboard import cache, charts, service
from tracker.dashboard.filters import parse_filters, read_int
from tracker.dashboard.loading import load_snapshot

from .base import ApiView
from .messages import pick

FILTERS = [
    OpenApiParameter("year", int, description="年度 year (default: the year of as_of)"),
    OpenApiParameter("category", str, enum=["air", "water", "soil", "funds", "rectification", "projects", "milestones"],
                     description="分类 category"),
    OpenApiParameter("unit", int, description="单位 OrgUnit id: that unit's subtree"),
    OpenApiParameter("group", int, description="战区 OrgGroup id: its member units' subtrees"),
    OpenApiParameter("round", int, description="督察轮次 InspectionRound id: that round's items only"),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="测算基准日 (default today)"),
]


class DashboardPartView(ApiView, APIView):
    """One part of the dashboard; ``part`` is set by the URL."""

    permission_classes = [IsAuthenticated]
    part = "summary"

    def filters(self, request):
        return parse_filters(request.query_params, timezone.localdate())

    @extend_schema(parameters=FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        filters = self.filters(request)
        data = cache.cached(request.user, self.part, filters,
                            lambda: service.dashboard_for(request.user, filters, self.part))
        return Response(data)


class DashboardSummaryView(DashboardPartView):
    """总览 headline figures: targets by colour, sign-off per round and overall, special-fund
    execution against the year-end target and the expected path, overdue items, new reds."""

    part = "summary"


class DashboardMatrixView(DashboardPartView):
    """四色矩阵: units and war zones × categories, each cell the worst level, counts, links."""

    part = "matrix"


class DashboardRankingView(DashboardPartView):
    """红黑榜: units and war zones ranked by the documented score."""

    part = "ranking"


class DashboardChartView(DashboardPartView):
    """图表 one chart's series, ECharts-ready: pm25, good_days, heavy_days, funds_by_unit,
    burndown, level_history. ``target`` picks the target of an air chart."""

    @extend_schema(parameters=[*FILTERS, OpenApiParameter("target", int, description="目标 id (air charts)")],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request, name):
        if name not in charts.CHARTS:
            raise NotFound(pick(f"未知的图表：{name}（可选：{'、'.join(charts.CHARTS)}）。",
                                f"Unknown chart {name} (one of: {', '.join(charts.CHARTS)})."))
        filters = self.filters(request)
        target = read_int(request.query_params, "target", "目标", "target")
        data = cache.cached(request.user, f"chart:{name}:{target or ''}", filters,
                            lambda: charts.build_chart(load_snapshot(request.user, filters), request.user, name,
                                                               target))
        return Response(data)
