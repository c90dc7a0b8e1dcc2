from django.urls import path

from .moves import enrolment_moves, round_moves
from .views import enrolment, interests, professors, rounds, training

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
