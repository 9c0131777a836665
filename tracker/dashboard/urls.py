from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("generate/", views.bulletin_generate, name="generate"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/xlsx", views.bulletin_xlsx, name="xlsx"),
]
