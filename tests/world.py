"""The fixture world: one person per persona and the objects they own or must not see.

The permission matrix and the browser page gates both stand on it. Objects are named;
an object named ``other_<name>`` belongs to someone else than ``<name>``'s owner, and
the matrix must try it (the object swap).
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from certificates.models import Certificate, CertificateBatch
from certificates.storage import save_pdf
from industries.models import (
    Booklet,
    ProblemAttachment,
    ProblemRequest,
    UnitManager,
)
from partner_portal.invitations import invitation_create, token_hash
from partner_portal.models import Invitation, Notification
from partner_portal.verification import verification_token
from placements.calendar import calendar_renew
from placements.models import (
    Document,
    DocumentVersion,
    Milestone,
    Placement,
    SiteVisit,
    SolutionProposal,
)
from teams.models import Enrolment, Membership, Round, Team
from tests import factories

PERSONAS = [
    "anonymous",
    "student",
    "other_student",
    "supervisor",
    "other_professor",
    "manager",
    "other_unit_manager",
    "iro",
    "inactive",
    "unverified",
]


@dataclass
class World:
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def person(self, persona):
        return self.people.get(persona)

    def url_kwargs(self, name, wanted):
        """URL keyword arguments for object ``name`` (a model instance or a dict)."""
        obj = self.objects[name]
        if isinstance(obj, dict):
            return {key: obj[key] for key in wanted}
        return dict.fromkeys(wanted, obj.pk)


def build_world(people, *, full=False):
    # Not a persona of the matrix: a student who has not enrolled yet.
    people = {
        **people,
        "fresh_student": factories.UserFactory(
            student=True, email="fresh.student@test.example"
        ),
        # Not a persona either: someone who holds every role, to probe which HTTP
        # methods each view accepts.
        "all_roles": factories.UserFactory(
            student=True,
            professor=True,
            manager=True,
            iro=True,
            email="all.roles@test.example",
        ),
    }
    """An open round with a trained student and an applied one, two units each with
    its manager, problems, attachments, meetings, a training session, professors."""
    world = World(people={"anonymous": None, **people})
    objects = world.objects
    student = people["student"]
    objects["reset_link"] = {
        "uidb64": urlsafe_base64_encode(force_bytes(student.pk)),
        "token": default_token_generator.make_token(student),
    }
    add_students(objects, people)
    add_industry(objects, people)
    objects["interest"] = factories.InterestFactory(
        enrolment=objects["enrolment"], problem=objects["problem"], rank=1
    )
    objects["other_interest"] = factories.InterestFactory(
        enrolment=objects["other_enrolment"], problem=objects["problem"], rank=1
    )
    objects["draft_problem"] = factories.ProblemFactory(
        unit=objects["unit"], title="پیش‌نویس مسئله", status=ProblemRequest.Status.DRAFT
    )
    add_teams(objects)
    if full:
        # Kept out of most tests' world: it adds an approved problem and trained
        # students that their lists would show, and a placement's papers.
        add_formation(objects)
        add_placement_work(objects, people)
        objects["calendar_link"] = {"token": calendar_renew(user=people["student"])}
        add_certificates(objects)
        add_notifications(objects, people)
        add_booklets(objects, people)
    add_invitation(objects, people)
    objects["meeting"] = factories.MeetingFactory(units=[objects["unit"]])
    objects["other_meeting"] = factories.MeetingFactory(units=[objects["other_unit"]])
    return world


def add_students(objects, people):
    round_ = factories.RoundFactory(
        name_fa="پاییز ۱۴۰۵", name_en="Autumn 1405", status=Round.Status.OPEN
    )
    objects["round"] = round_
    objects["enrolment"] = factories.EnrolmentFactory(
        student=factories.StudentFactory(user=people["student"]),
        round=round_,
        status=Enrolment.Status.TRAINED,
    )
    objects["other_enrolment"] = factories.EnrolmentFactory(
        student=factories.StudentFactory(user=people["other_student"]),
        round=round_,
        status=Enrolment.Status.APPLIED,
    )
    factories.StudentFactory(user=people["inactive"])
    objects["session"] = factories.TrainingSessionFactory(round=round_)
    objects["professor"] = factories.ProfessorFactory(user=people["supervisor"])
    objects["other_professor_profile"] = factories.ProfessorFactory(
        user=people["other_professor"]
    )


def add_industry(objects, people):
    objects["unit"] = factories.UnitFactory(name="لوازم خانگی پارس قم")
    objects["other_unit"] = factories.UnitFactory(name="سنگبری البرز")
    objects["manager_link"] = factories.UnitManagerFactory(
        unit=objects["unit"], user=people["manager"]
    )
    factories.UnitManagerFactory(
        unit=objects["other_unit"], user=people["other_unit_manager"]
    )
    objects["join_request"] = factories.UnitManagerFactory(
        unit=objects["unit"],
        user=people["other_unit_manager"],
        status=UnitManager.Status.REQUESTED,
    )
    objects["problem"] = factories.ProblemFactory(
        unit=objects["unit"],
        title="کاهش ضایعات پرس",
        status=ProblemRequest.Status.APPROVED,
    )
    objects["other_problem"] = factories.ProblemFactory(
        unit=objects["other_unit"],
        title="برش دقیق سنگ",
        status=ProblemRequest.Status.SUBMITTED,
    )
    objects["attachment"] = attach(objects["problem"], people["manager"])
    objects["other_attachment"] = attach(
        objects["other_problem"], people["other_unit_manager"]
    )


def add_teams(objects):
    """The student's team (supervised by the supervisor, at the manager's unit) and
    another team of the other student, professor and unit; each one placed."""
    for prefix, unit, enrolment, professor in [
        ("", "unit", "enrolment", "professor"),
        ("other_", "other_unit", "other_enrolment", "other_professor_profile"),
    ]:
        problem = factories.ProblemFactory(
            unit=objects[unit], status=ProblemRequest.Status.ASSIGNED
        )
        team = Team.objects.create(
            round=objects["round"],
            problem=problem,
            supervisor=objects[professor],
            status=Team.Status.CONFIRMED,
        )
        Membership.objects.create(team=team, enrolment=objects[enrolment])
        objects[f"{prefix}team"] = team
        objects[f"{prefix}placement"] = Placement.objects.create(team=team)


def add_booklets(objects, people):
    """A ready booklet of each kind: the internal edition (the office's only) and
    the public one (anyone's, and the catalogue's)."""
    for name, edition in [("booklet", "internal"), ("public_booklet", "public")]:
        objects[name] = Booklet.objects.create(
            edition=edition,
            language="fa",
            status=Booklet.Status.READY,
            file=ContentFile(b"%PDF-1.7\n%test\n", name=f"{edition}.pdf"),
            finished_at=timezone.now(),
            requested_by=people["iro"],
        )


def attach(problem, person):
    return ProblemAttachment.objects.create(
        problem=problem,
        file=ContentFile(b"%PDF-1.4\n%test\n", name="brief.pdf"),
        original_name="brief.pdf",
        content_type="application/pdf",
        size=16,
        uploaded_by=person,
    )


def make_people():
    return {
        "student": factories.UserFactory(student=True, email="student@test.example"),
        "other_student": factories.UserFactory(
            student=True, email="other.student@test.example"
        ),
        "supervisor": factories.UserFactory(
            professor=True, email="supervisor@test.example"
        ),
        "other_professor": factories.UserFactory(
            professor=True, email="other.professor@test.example"
        ),
        "manager": factories.UserFactory(manager=True, email="manager@test.example"),
        "other_unit_manager": factories.UserFactory(
            manager=True, email="other.manager@test.example"
        ),
        "iro": factories.UserFactory(iro=True, email="iro@test.example"),
        "inactive": factories.UserFactory(
            student=True, is_active=False, email="inactive@test.example"
        ),
        # Signed up with an address they have not proved (perhaps someone else's).
        "unverified": factories.UserFactory(
            student=True, unverified=True, email="unverified@test.example"
        ),
    }


def add_invitation(objects, people):
    """A pending invitation of a new professor, its link, and the link that would
    prove the unverified persona's address."""
    invitation = invitation_create(
        email="invited.professor@test.example",
        full_name="دکتر دعوت‌شده",
        role="professor",
        actor=people["iro"],
    )
    token = "world-invitation-token"
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    objects["invitation"] = invitation
    objects["invitation_link"] = {"token": token}
    objects["verify_link"] = {"token": verification_token(people["unverified"])}


def add_notifications(objects, people):
    """An unread notification of the student and one of the other student, each
    pointing at their own enrolment."""
    for prefix, student in [("", "student"), ("other_", "other_student")]:
        enrolment = objects[f"{prefix}enrolment"]
        objects[f"{prefix}notification"] = Notification.objects.create(
            recipient=people[student],
            kind="enrolment_accepted",
            params={"round": "پاییز ۱۴۰۵"},
            url=enrolment.get_absolute_url(),
        )


def add_formation(objects):
    """A round whose teams the office is forming: a suggested team of four for an
    approved problem of the unit, supervised by the supervisor, and a free
    trained student."""
    round_ = factories.RoundFactory(
        name_fa="تابستان ۱۴۰۵", name_en="Summer 1405", status=Round.Status.FORMATION
    )
    objects["formation_round"] = round_
    problem = factories.ProblemFactory(
        unit=objects["unit"], status=ProblemRequest.Status.APPROVED
    )
    team = Team.objects.create(
        round=round_, problem=problem, supervisor=objects["professor"]
    )
    for _ in range(4):
        Membership.objects.create(
            team=team,
            enrolment=factories.EnrolmentFactory(
                round=round_, status=Enrolment.Status.TRAINED
            ),
        )
    objects["proposed_team"] = team
    objects["free_enrolment"] = factories.EnrolmentFactory(
        round=round_, status=Enrolment.Status.TRAINED
    )


def add_placement_work(objects, people):
    """On each placement: a site visit, an uploaded document, a proposal with a
    planned milestone (the pages and links of a placement at work)."""
    for prefix, student in [("", "student"), ("other_", "other_student")]:
        placement = objects[f"{prefix}placement"]
        author = people[student]
        objects[f"{prefix}visit"] = SiteVisit.objects.create(
            placement=placement,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            place="سالن تولید",
            attendees="تیم\nمدیر تولید",
            scheduled_by=author,
        )
        document = Document.objects.create(
            placement=placement, kind=Document.Kind.OTHER, title="نقشه خط"
        )
        objects[f"{prefix}document_version"] = DocumentVersion.objects.create(
            document=document,
            number=1,
            file=ContentFile(b"%PDF-1.4\n%test\n%%EOF\n", name="plan.pdf"),
            original_name="plan.pdf",
            content_type="application/pdf",
            size=20,
            uploaded_by=author,
        )
        proposal = SolutionProposal.objects.create(
            placement=placement,
            title="بهبود قالب",
            summary="خلاصه",
            approach="روش",
            duration_weeks=6,
            created_by=author,
        )
        objects[f"{prefix}proposal"] = proposal
        objects[f"{prefix}milestone"] = Milestone.objects.create(
            proposal=proposal, title="طراحی", deliverable="نقشه", weeks=2
        )


# A stand-in for a rendered certificate (real ones: tests/certificates).
CERTIFICATE_PDF = b"%PDF-1.7\n%certificate\n%%EOF\n"


def add_certificates(objects):
    """An issued certificate of the student (supervised by the supervisor) and one
    of the other student; a certificate awaiting each professor's signature; a batch.
    """
    now = timezone.now()
    for prefix, placement, enrolment in [
        ("", "placement", "enrolment"),
        ("other_", "other_placement", "other_enrolment"),
    ]:
        student = objects[enrolment].student
        issued = Certificate.objects.create(
            **factories.certificate_facts(objects[placement], student),
            credit_hours=120,
            status=Certificate.Status.ISSUED,
            signed_at=now,
            issued_at=now,
            pdf=save_pdf(
                f"certificates/world-{prefix}{student.pk}.pdf", CERTIFICATE_PDF
            ),
            sha256=hashlib.sha256(CERTIFICATE_PDF).hexdigest(),
        )
        objects[f"{prefix}certificate"] = issued
        if not prefix:
            # Public: anyone may look any code up, so it has no "other_" twin.
            objects["certificate_code"] = {"code": issued.code}
        # Someone else of the same team (not a persona), awaiting signature.
        objects[f"{prefix}pending_certificate"] = Certificate.objects.create(
            **factories.certificate_facts(
                objects[placement],
                factories.EnrolmentFactory(round=objects["round"]).student,
            ),
            credit_hours=80,
        )
    objects["batch"] = CertificateBatch.objects.create(round=objects["round"], total=1)
