from django.urls import path

from . import views

app_name = "ledgers"

urlpatterns = [
    path("", views.ledger_home, name="home"),
    path("imports/<str:token>/", views.import_preview, name="preview"),
    path("export/<str:kind>/", views.export_download, name="export"),
    path("templates/<str:kind>/", views.template_download, name="template"),
]
