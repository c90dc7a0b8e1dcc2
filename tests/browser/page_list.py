"""The pages every browser gate visits (axe-core, the Nu HTML checker, console errors,
screenshots), in Persian and English. Adding a page is one line.

Page(name, url name, persona who opens it, fixture-world object for URL arguments)
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    persona: str = "anonymous"
    object_name: str | None = None


PAGES = [
    # Public
    Page("landing", "landing"),
    Page("login", "login"),
    Page("signup-student", "signup-student"),
    Page("signup-manager", "signup-manager"),
    Page("password-reset", "password_reset"),
    Page("password-reset-sent", "password_reset_done"),
    Page("password-reset-confirm", "password_reset_confirm", "anonymous", "reset_link"),
    Page("password-reset-complete", "password_reset_complete"),
    Page("catalogue", "industries:catalogue"),
    Page("catalogue-detail", "industries:catalogue-detail", "anonymous", "problem"),
    Page("invitation", "invitation-open", "anonymous", "invitation_link"),
    Page("verify", "certificates:verify"),
    Page("verify-code", "certificates:verify-code", "anonymous", "certificate_code"),
    # Everyone logged in
    Page("email-verify", "email-verify", "unverified"),
    Page("email-verify-confirm", "email-verify-confirm", "unverified", "verify_link"),
    Page("notifications", "notifications", "student"),
    Page("notification-settings", "notification-settings", "student"),
    Page("profile", "profile", "student"),
    Page("password-change", "password_change", "student"),
    # Students
    Page("dashboard-student", "dashboard-student", "student"),
    Page("enrol", "teams:enrol", "fresh_student"),
    Page("enrolment-own", "teams:enrolment-detail", "student", "enrolment"),
    Page("training", "teams:training", "student"),
    Page("my-choices", "teams:my-interests", "student"),
    Page("team-own", "teams:team-detail", "student", "team"),
    Page("placement-student", "placements:placement-detail", "student", "placement"),
    Page("proposal-create", "placements:proposal-create", "student", "placement"),
    Page("proposal-edit", "placements:proposal-edit", "student", "proposal"),
    Page("calendar", "placements:calendar", "student"),
    Page(
        "catalogue-detail-student", "industries:catalogue-detail", "student", "problem"
    ),
    # Professors
    Page("dashboard-professor", "dashboard-professor", "supervisor"),
    Page("professor-profile", "teams:professor-profile", "supervisor"),
    Page("team-supervised", "teams:team-detail", "supervisor", "team"),
    Page(
        "placement-supervisor", "placements:placement-detail", "supervisor", "placement"
    ),
    # Industry managers
    Page("dashboard-manager", "dashboard-manager", "manager"),
    Page("units-manager", "industries:unit-list", "manager"),
    Page("unit-detail", "industries:unit-detail", "manager", "unit"),
    Page("unit-edit", "industries:unit-edit", "manager", "unit"),
    Page("join-request", "industries:join-request", "manager"),
    Page("problems-manager", "industries:problem-list", "manager"),
    Page("problem-create", "industries:problem-create", "manager"),
    Page(
        "problem-detail-manager",
        "industries:problem-detail",
        "manager",
        "draft_problem",
    ),
    Page("problem-edit", "industries:problem-edit", "manager", "draft_problem"),
    Page("meetings-manager", "industries:meeting-list", "manager"),
    Page("meeting-detail", "industries:meeting-detail", "manager", "meeting"),
    Page("placement-manager", "placements:placement-detail", "manager", "placement"),
    # The Industry Relations Office
    Page("dashboard-iro", "dashboard-iro", "iro"),
    Page("program-figures", "figures", "iro"),
    Page("enrolment-queue", "teams:enrolment-list", "iro"),
    Page("enrolment-decide", "teams:enrolment-detail", "iro", "other_enrolment"),
    Page("student-import", "teams:student-import", "iro"),
    Page("rounds", "teams:round-list", "iro"),
    Page("round-create", "teams:round-create", "iro"),
    Page("round-edit", "teams:round-edit", "iro", "round"),
    Page("sessions", "teams:session-list", "iro"),
    Page("session-create", "teams:session-create", "iro"),
    Page("session-edit", "teams:session-edit", "iro", "session"),
    Page("session-attendance", "teams:session-attendance", "iro", "session"),
    Page("professors", "teams:professor-list", "iro"),
    Page("professor-create", "teams:professor-create", "iro"),
    Page("professor-edit", "teams:professor-edit", "iro", "professor"),
    Page("invitations", "invitation-list", "iro"),
    Page("formation", "teams:formation", "iro", "formation_round"),
    Page("placements-board", "placements:board", "iro"),
    Page("placement-iro", "placements:placement-detail", "iro", "placement"),
    Page("team-suggested", "teams:team-detail", "iro", "proposed_team"),
    Page("review-queue", "industries:problem-list", "iro"),
    Page("problem-review", "industries:problem-detail", "iro", "other_problem"),
    Page("units-iro", "industries:unit-list", "iro"),
    Page("unit-create", "industries:unit-create", "iro"),
    Page("manager-invite", "industries:manager-invite", "iro", "unit"),
    Page("join-requests", "industries:join-request-list", "iro"),
    Page("meeting-create", "industries:meeting-create", "iro"),
    Page("meeting-edit", "industries:meeting-edit", "iro", "meeting"),
    Page("certificates", "certificates:certificates", "iro"),
    Page("certificate-iro", "certificates:certificate-detail", "iro", "certificate"),
    Page(
        "certificate-hours",
        "certificates:certificate-detail",
        "iro",
        "pending_certificate",
    ),
    Page("certificate-batch", "certificates:batch-detail", "iro", "batch"),
    Page("booklets", "industries:booklets", "iro"),
    # Certificates, for their people
    Page("certificates-student", "certificates:certificates", "student"),
    Page(
        "certificate-own", "certificates:certificate-detail", "student", "certificate"
    ),
    Page(
        "certificate-to-sign",
        "certificates:certificate-detail",
        "supervisor",
        "pending_certificate",
    ),
    Page("certificates-supervisor", "certificates:certificates", "supervisor"),
]

# Pages that answer HTML but are not visited by the gates, and why.
NOT_PAGES = {
    # The private calendar feed answers text/calendar, read by calendar programs.
    "placements:calendar-feed": "an iCalendar feed, not a page",
    # An htmx fragment (the problem checkboxes of the meeting form), not a page; the
    # meeting form that includes it is checked.
    "industries:meeting-problem-choices": "htmx fragment of meeting-create",
    "certificates:certificate-download": "a PDF, not a page",
    "certificates:batch-progress": "htmx fragment of certificate-batch",
    "industries:booklet-progress": "htmx fragment of booklets",
    "industries:booklet-download": "a PDF, not a page",
    "industries:catalogue-booklet": "a PDF, not a page",
}
