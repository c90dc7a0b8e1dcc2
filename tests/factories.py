import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from industries.models import (
    Cluster,
    IndustrialArea,
    IndustrialUnit,
    Meeting,
    ProblemRequest,
    UnitManager,
)
from partner_portal.models import FieldOfStudy, User
from teams.models import (
    Attendance,
    Enrolment,
    Interest,
    Professor,
    Round,
    Student,
    TrainingSession,
)

PASSWORD = "correct-horse-battery"  # noqa: S105


def reference(model, slug):
    return model.objects.get(slug=slug)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    full_name = factory.Faker("name", locale="fa_IR")
    # People in tests have proved their address unless a test says otherwise.
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        student = factory.Trait(is_student=True)
        professor = factory.Trait(is_professor=True)
        manager = factory.Trait(is_industry_manager=True)
        iro = factory.Trait(is_iro_staff=True)
        unverified = factory.Trait(email_verified_at=None)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = Round

    name_fa = factory.Sequence(lambda n: f"دوره {n}")
    name_en = factory.Sequence(lambda n: f"Round {n}")
    starts_on = datetime.date(2026, 9, 23)
    ends_on = datetime.date(2027, 2, 19)
    # Planned: only one round may be open at a time, so a test opens the one it needs.
    status = Round.Status.PLANNED


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    user = factory.SubFactory(UserFactory, student=True)
    entry_year = 1402
    student_number = factory.Sequence(lambda n: f"402{n:06d}")
    field = factory.LazyFunction(lambda: reference(FieldOfStudy, "computer"))
    level = "bsc"


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    student = factory.SubFactory(StudentFactory)
    round = factory.SubFactory(RoundFactory)
    status = Enrolment.Status.APPLIED
    weekly_hours = 10
    skills = "Python, AutoCAD"
    motivation = "می‌خواهم تجربه صنعتی کسب کنم."


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    round = factory.SubFactory(RoundFactory)
    title = factory.Sequence(lambda n: f"جلسه آموزشی {n}")
    # Held already, so that attendance can be recorded.
    starts_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=3)
    )
    place = "تالار اجتماعات"
    capacity = 40


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(TrainingSessionFactory)
    enrolment = factory.SubFactory(EnrolmentFactory)


class ProfessorFactory(DjangoModelFactory):
    class Meta:
        model = Professor

    user = factory.SubFactory(UserFactory, professor=True)
    department = "دانشکده مهندسی کامپیوتر"
    capacity = 4


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = IndustrialUnit

    name = factory.Sequence(lambda n: f"شرکت صنعتی {n}")
    area = factory.LazyFunction(lambda: reference(IndustrialArea, "shokouhieh"))
    cluster = factory.LazyFunction(lambda: reference(Cluster, "home-appliances"))
    employees = 120
    introduced_by = IndustrialUnit.Introduction.MINISTRY
    referral_number = factory.Sequence(lambda n: f"۱۴۰۵/{n}")
    referral_date = datetime.date(2026, 10, 1)


class UnitManagerFactory(DjangoModelFactory):
    class Meta:
        model = UnitManager

    unit = factory.SubFactory(UnitFactory)
    user = factory.SubFactory(UserFactory, manager=True)
    position = "مدیر تولید"
    status = UnitManager.Status.ACTIVE


class ProblemFactory(DjangoModelFactory):
    class Meta:
        model = ProblemRequest
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"کاهش ضایعات خط تولید {n}")
    description = "ضایعات خط پرس در سه ماه گذشته دو برابر شده است."
    desired_team_size = 5
    duration_weeks = 8
    confidential_notes = "CONFIDENTIAL: supplier prices"
    status = ProblemRequest.Status.DRAFT

    @factory.post_generation
    def fields_needed(obj, create, extracted, **kwargs):
        if create:
            obj.fields_needed.set(extracted or [reference(FieldOfStudy, "mechanical")])


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    held_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    place = "دفتر ارتباط با صنعت"
    attendees = "مریم رستمی\nرضا کریمی"
    minutes = "بررسی مسائل واحد"
    decisions = "اعزام تیم در ماه آینده"

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = Interest

    enrolment = factory.SubFactory(EnrolmentFactory, status=Enrolment.Status.TRAINED)
    problem = factory.SubFactory(ProblemFactory, status=ProblemRequest.Status.APPROVED)
    rank = 1


def certificate_facts(placement, student):
    """What a certificate certifies (its snapshot), for tests that make one by hand;
    the real ones come from ``certificates.services.certificates_create``."""
    team = placement.team
    today = timezone.localdate()
    return {
        "placement": placement,
        "student": student,
        "student_name": student.user.full_name,
        "student_number": student.student_number,
        "field_fa": student.field.name_fa,
        "field_en": student.field.name_en,
        "problem_title": team.problem.title,
        "unit_name": team.problem.unit.name,
        "supervisor_name": team.supervisor.user.full_name if team.supervisor else "",
        "round_fa": team.round.name_fa,
        "round_en": team.round.name_en,
        "period_start": today - datetime.timedelta(days=60),
        "period_end": today,
    }
