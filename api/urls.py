"""REST API routes: /api/v1/ resources, /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI,
served from the local drf-spectacular-sidecar files, no CDN)."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authentication import SessionAuthentication
from rest_framework.routers import DefaultRouter

from . import dashboard, reports, views
from .authentication import ApiTokenAuthentication

# The schema and its UI accept the project's own API tokens, like every resource.
SCHEMA_AUTHENTICATION = [ApiTokenAuthentication, SessionAuthentication]

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("org-units", views.OrgUnitViewSet)
router.register("documents", views.SourceDocumentViewSet)
router.register("targets", views.TargetViewSet)
router.register("sites", views.SiteViewSet)
router.register("observations", views.ObservationViewSet)
router.register("inspection-rounds", views.InspectionRoundViewSet)
router.register("rectification-items", views.RectificationItemViewSet)
router.register("projects", views.ProjectViewSet)
router.register("fund-allocations", views.FundAllocationViewSet)
router.register("disbursements", views.DisbursementViewSet)
router.register("flags", views.FlagViewSet)
router.register("notices", views.NoticeViewSet)
router.register("webhook-subscriptions", views.WebhookSubscriptionViewSet)
router.register("daily-reports", reports.DailyReportViewSet)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("v1/changes/", views.ChangeFeedView.as_view(), name="changes"),
    path("v1/dashboard/summary/", dashboard.DashboardSummaryView.as_view(), name="dashboard-summary"),
    path("v1/dashboard/matrix/", dashboard.DashboardMatrixView.as_view(), name="dashboard-matrix"),
    path("v1/dashboard/ranking/", dashboard.DashboardRankingView.as_view(), name="dashboard-ranking"),
    path("v1/dashboard/charts/<str:name>/", dashboard.DashboardChartView.as_view(), name="dashboard-chart"),
    path("v1/", include("api.ledgers")),  # imports/ and exports/<kind>/ (ledger files)
    path("schema/", SpectacularAPIView.as_view(authentication_classes=SCHEMA_AUTHENTICATION), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema", authentication_classes=SCHEMA_AUTHENTICATION),
         name="docs"),
]
