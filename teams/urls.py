from django.urls import path

from .moves import enrolment_moves, round_moves, team_moves
from .views import enrolment, formation, interests, professors, rounds, training

app_name = "teams"

urlpatterns = [
    # Students
    path("enrol/", enrolment.enrol, name="enrol"),
    path("my-enrolment/", enrolment.my_enrolment, name="my-enrolment"),
    path("training/", training.training, name="training"),
    path("choices/", interests.my_interests, name="my-interests"),
    path("choices/add/<int:problem_pk>/", interests.interest_set, name="interest-set"),
    path("choices/<int:pk>/remove/", interests.interest_remove, name="interest-remove"),
    # Enrolments (a student sees their own; IRO sees all and decides)
    path("enrolments/", enrolment.EnrolmentListView.as_view(), name="enrolment-list"),
    path("enrolments/decide/", enrolment.enrolment_bulk, name="enrolment-bulk"),
    path("enrolments/export/", enrolment.enrolment_export, name="enrolment-export"),
    path("enrolments/import/", enrolment.student_import, name="student-import"),
    path("enrolments/<int:pk>/", enrolment.enrolment_detail, name="enrolment-detail"),
    *enrolment_moves.urlpatterns("enrolments/<int:pk>/", enrolment.enrolment_move),
    # Rounds
    path("rounds/", rounds.RoundListView.as_view(), name="round-list"),
    path("rounds/new/", rounds.RoundCreateView.as_view(), name="round-create"),
    path("rounds/<int:pk>/edit/", rounds.RoundEditView.as_view(), name="round-edit"),
    *round_moves.urlpatterns("rounds/<int:pk>/", rounds.round_move),
    # Team formation (the office) and a team's own page
    path("rounds/<int:pk>/teams/", formation.workspace, name="formation"),
    path(
        "rounds/<int:pk>/teams/suggest/",
        formation.suggest,
        name="formation-suggest",
    ),
    path(
        "rounds/<int:pk>/teams/new/",
        formation.propose,
        name="team-propose",
    ),
    path("rounds/<int:pk>/teams/export/", formation.team_export, name="team-export"),
    path("rounds/<int:pk>/teams/move/", formation.move_to, name="formation-move"),
    path("teams/<int:pk>/", formation.team_detail, name="team-detail"),
    path("teams/<int:pk>/members/add/", formation.add_member, name="team-add-member"),
    path(
        "teams/<int:pk>/members/remove/",
        formation.remove_member,
        name="team-remove-member",
    ),
    path(
        "teams/<int:pk>/supervisor/",
        formation.set_supervisor,
        name="team-set-supervisor",
    ),
    path("teams/<int:pk>/discard/", formation.discard, name="team-discard"),
    *team_moves.urlpatterns("teams/<int:pk>/", formation.team_move),
    # Training
    path("sessions/", training.SessionListView.as_view(), name="session-list"),
    path("sessions/new/", training.SessionCreateView.as_view(), name="session-create"),
    path(
        "sessions/<int:pk>/edit/",
        training.SessionEditView.as_view(),
        name="session-edit",
    ),
    path(
        "sessions/<int:pk>/attendance/",
        training.session_attendance,
        name="session-attendance",
    ),
    # Professors
    path("professors/", professors.ProfessorListView.as_view(), name="professor-list"),
    path("professors/new/", professors.professor_create, name="professor-create"),
    path(
        "professors/<int:pk>/edit/",
        professors.ProfessorEditView.as_view(),
        name="professor-edit",
    ),
    path("professor/profile/", professors.professor_profile, name="professor-profile"),
]
