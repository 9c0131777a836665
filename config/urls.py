"""Top-level URLs: the pages, the API, document intake, the admin (administrators), health."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.http import JsonResponse
from django.urls import include, path
from django.shortcuts import redirect

from tracker import views as tracker_views
from tracker.pages.views.worklist import home


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("api.urls")),
    path("intake/", include("tracker.intake.urls")),
    path("bulletins/", include("tracker.dashboard.urls")),
    path("ledgers/", include("tracker.ledgers.urls")),
    path("healthz", healthz, name="healthz"),
    path("notices/<int:pk>/print/", tracker_views.notice_print, name="notice-print"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("tracker.pages.urls")),
]
