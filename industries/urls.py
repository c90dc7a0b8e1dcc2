from django.urls import path

from .moves import problem_moves, unit_manager_moves
from .views import booklet, catalogue, meetings, problems, units

app_name = "industries"

urlpatterns = [
    path("catalogue/", catalogue.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/", catalogue.catalogue_detail, name="catalogue-detail"),
    path("catalogue/booklet/", booklet.catalogue_booklet, name="catalogue-booklet"),
    path("booklets/", booklet.booklet_list, name="booklets"),
    path("booklets/request/", booklet.booklet_request, name="booklet-request"),
    path(
        "booklets/<int:pk>/progress/", booklet.booklet_progress, name="booklet-progress"
    ),
    path(
        "booklets/<int:pk>/download/", booklet.booklet_download, name="booklet-download"
    ),
    path("units/", units.UnitListView.as_view(), name="unit-list"),
    path("units/export/", units.unit_export, name="unit-export"),
    path("units/new/", units.UnitCreateView.as_view(), name="unit-create"),
    path("units/join/", units.join_request, name="join-request"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", units.UnitEditView.as_view(), name="unit-edit"),
    path("units/<int:pk>/managers/add/", units.manager_invite, name="manager-invite"),
    path("managers/requests/", units.join_request_list, name="join-request-list"),
    *unit_manager_moves.urlpatterns("managers/<int:pk>/", units.unit_manager_move),
    path("problems/", problems.ProblemListView.as_view(), name="problem-list"),
    path("problems/export/", problems.problem_export, name="problem-export"),
    path("problems/new/", problems.ProblemCreateView.as_view(), name="problem-create"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem-detail"),
    path("problems/<int:pk>/edit/", problems.problem_edit, name="problem-edit"),
    *problem_moves.urlpatterns("problems/<int:pk>/", problems.problem_move),
    path(
        "problems/<int:pk>/attachments/",
        problems.attachment_add,
        name="attachment-add",
    ),
    path(
        "attachments/<int:pk>/",
        problems.attachment_download,
        name="attachment-download",
    ),
    path(
        "attachments/<int:pk>/delete/",
        problems.attachment_delete,
        name="attachment-delete",
    ),
    path("meetings/", meetings.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting-create"),
    path(
        "meetings/problem-choices/",
        meetings.meeting_problem_choices,
        name="meeting-problem-choices",
    ),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path(
        "meetings/<int:pk>/edit/",
        meetings.MeetingEditView.as_view(),
        name="meeting-edit",
    ),
]
