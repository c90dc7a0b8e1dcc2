from django.urls import path

from . import views
from .moves import certificate_moves

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificates"),
    path("certificates/export/", views.certificate_export, name="certificate-export"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path(
        "certificates/<int:pk>/pdf/",
        views.certificate_download,
        name="certificate-download",
    ),
    *certificate_moves.urlpatterns("certificates/<int:pk>/", views.certificate_move),
    path(
        "certificates/<int:pk>/hours/",
        views.certificate_hours,
        name="certificate-hours",
    ),
    path(
        "certificates/<int:pk>/replace/",
        views.certificate_replace,
        name="certificate-replace",
    ),
    path("certificates/sign-all/", views.certificates_sign_all, name="sign-all"),
    path("certificates/batches/", views.batch_request, name="batch-request"),
    path("certificates/batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path(
        "certificates/batches/<int:pk>/progress/",
        views.batch_progress,
        name="batch-progress",
    ),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify-code"),
]
