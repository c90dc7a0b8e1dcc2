from django.urls import path

from .moves import milestone_moves, placement_moves
from .views import board, calendar, placement

app_name = "placements"

urlpatterns = [
    path("placements/", board.board, name="board"),
    path("placements/export/", board.placement_export, name="placement-export"),
    path("placements/<int:pk>/", placement.placement_detail, name="placement-detail"),
    *placement_moves.urlpatterns("placements/<int:pk>/", placement.placement_move),
    path(
        "placements/<int:pk>/select/",
        placement.placement_select,
        name="placement-select",
    ),
    path(
        "placements/<int:pk>/complete/",
        placement.placement_complete,
        name="placement-complete",
    ),
    path("teams/<int:pk>/dispatch/", placement.dispatch_team, name="team-dispatch"),
    path(
        "placements/<int:pk>/visits/new/",
        placement.visit_schedule,
        name="visit-schedule",
    ),
    path("visits/<int:pk>/findings/", placement.visit_findings, name="visit-findings"),
    path(
        "placements/<int:pk>/documents/new/",
        placement.document_upload,
        name="document-upload",
    ),
    path(
        "documents/versions/<int:pk>/",
        placement.document_download,
        name="document-download",
    ),
    path(
        "placements/<int:pk>/proposals/new/",
        placement.proposal_create,
        name="proposal-create",
    ),
    path("proposals/<int:pk>/edit/", placement.proposal_edit, name="proposal-edit"),
    path(
        "proposals/<int:pk>/delete/", placement.proposal_delete, name="proposal-delete"
    ),
    path(
        "milestones/<int:pk>/report/",
        placement.milestone_report,
        name="milestone-report",
    ),
    *milestone_moves.urlpatterns("milestones/<int:pk>/", placement.milestone_move),
    path(
        "placements/<int:pk>/evaluation/",
        placement.evaluation_save,
        name="evaluation-save",
    ),
    path("placements/<int:pk>/grades/", placement.grades_save, name="grades-save"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/new-link/", calendar.calendar_renew, name="calendar-renew"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
