from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("<int:pk>/", views.document_review, name="review"),
]
