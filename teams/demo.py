"""A demo round with students at every stage of enrolment and training."""

import datetime

from industries.models import Cluster, ProblemRequest
from partner_portal.demo import days_ago, demo_user, happening_at
from partner_portal.models import FieldOfStudy, User

from . import services
from .models import (
    Attendance,
    Enrolment,
    Interest,
    Professor,
    Round,
    Student,
    TrainingSession,
)

STUDENTS = [
    # (name, field, level, entry year, final state)
    ("زهرا احمدی", "computer", "bsc", 1402, "accepted"),
    ("محمد رضایی", "mechanical", "bsc", 1401, "trained"),
    ("فاطمه موسوی", "industrial", "msc", 1403, "trained"),
    ("علی کاظمی", "electrical", "bsc", 1402, "trained"),
    ("سارا جعفری", "chemical", "bsc", 1401, "accepted"),
    ("حسین نوری", "materials", "bsc", 1402, "applied"),
    ("مریم قاسمی", "software", "msc", 1403, "applied"),
    ("امیر صادقی", "civil", "bsc", 1401, "applied"),
    ("نرگس حیدری", "polymer", "bsc", 1402, "rejected"),
]  # fmt: skip


def seed(log):
    # The story of the last two months: the round opens, students apply over a few
    # weeks and are decided within days, two sessions are held (a third is to
    # come), and the trained students choose problems this week.
    iro = demo_user("iro@example.org")
    with happening_at(days_ago(60)):
        round_ = ensure_round()
    with happening_at(days_ago(45)):
        sessions = ensure_sessions(round_)
        ensure_professor()
    for number, spec in enumerate(STUDENTS):
        ensure_student(number, spec, round_, sessions, iro)
    log(f"round {round_.name_en}: {round_.enrolments.count()} enrolments")
    seed_formation_round(log)


def ensure_round():
    round_, _ = Round.objects.get_or_create(
        name_en="Autumn 1405",
        defaults={
            "name_fa": "پاییز ۱۴۰۵",
            "starts_on": datetime.date(2026, 9, 23),
            "ends_on": datetime.date(2027, 2, 18),
            "status": Round.Status.OPEN,
        },
    )
    return round_


def ensure_sessions(round_):
    specs = [
        ("آشنایی با طرح همیار صنعت و کار تیمی", days_ago(20)),
        ("ایمنی و آداب حضور در واحد صنعتی", days_ago(10)),
        ("روش‌های حل مسئله و نگارش گزارش فنی", days_ago(-5)),
    ]
    return [
        TrainingSession.objects.get_or_create(
            round=round_,
            title=title,
            defaults={
                "starts_at": when,
                "place": "تالار اجتماعات دانشگاه",
                "capacity": 60,
            },
        )[0]
        for title, when in specs
    ]


def ensure_student(number, spec, round_, sessions, iro):
    name, field, level, year, state = spec
    email = "student@example.org" if number == 0 else f"student{number}@example.org"
    # Applications come in over three weeks, at different hours.
    applied = days_ago(50 - 3 * number, hour=9 + number % 8)
    with happening_at(applied):
        enrolment, created = apply(number, email, name, field, level, year, round_)
    if created:
        advance(enrolment, state, sessions, iro, number, applied)


def apply(number, email, name, field, level, year, round_):
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, full_name=name, is_student=True
    )
    student, _ = Student.objects.get_or_create(
        user=user,
        defaults={
            "student_number": f"{str(year)[1:]}{110 + number:06d}",
            "field": FieldOfStudy.objects.get(slug=field),
            "level": level,
            "entry_year": year,
        },
    )
    enrolment, created = Enrolment.objects.get_or_create(
        student=student,
        round=round_,
        defaults={
            "weekly_hours": 8 + number,
            "skills": "Python، اکسل، AutoCAD",
            "motivation": "علاقه‌مند به حل مسائل واقعی صنعت استان هستم.",
        },
    )
    return enrolment, created


def advance(enrolment, state, sessions, iro, number, applied):
    if state == "applied":
        return
    with happening_at(applied + datetime.timedelta(days=3, hours=2)):
        if state == "rejected":
            services.enrolment_reject(
                enrolment=enrolment, actor=iro, note="ظرفیت رشته تکمیل است."
            )
            return
        services.enrolment_accept(enrolment=enrolment, actor=iro)
    attended = sessions[:2] if state == "trained" else sessions[:1]
    for session in attended:
        present = [a.enrolment for a in Attendance.objects.filter(session=session)]
        # Ticked at the end of the session.
        with happening_at(session.starts_at + datetime.timedelta(hours=2)):
            services.attendance_record(
                session=session, present=[*present, enrolment], actor=iro
            )
    if state == "trained":
        enrolment.refresh_from_db()
        with happening_at(days_ago(6 - number % 4, hour=20)):
            choose_problems(enrolment, number)


def choose_problems(enrolment, number):
    problems = list(ProblemRequest.objects.published().order_by("id"))
    for rank, problem in enumerate(problems[number % 2 :][:3], start=1):
        Interest.objects.get_or_create(
            enrolment=enrolment, rank=rank, defaults={"problem": problem}
        )


def ensure_professor():
    professor, created = Professor.objects.get_or_create(
        user=demo_user("professor@example.org"),
        defaults={"department": "دانشکده مهندسی مکانیک", "capacity": 4},
    )
    if created:
        professor.expertise.set(
            FieldOfStudy.objects.filter(slug__in=["mechanical", "manufacturing"])
        )


# --- The summer round: its students trained, its teams being formed ------------------

FORMATION_STUDENTS = [
    # (name, field, level, entry year, weekly hours, preferred clusters)
    ("زهرا احمدی", "computer", "bsc", 1402, 10, ["leather-slippers"]),
    ("رضا محمدی", "industrial", "bsc", 1401, 12, ["leather-slippers", "sweets"]),
    ("الهام کریمی", "computer", "msc", 1403, 8, []),
    ("مهدی حسینی", "industrial", "bsc", 1402, 16, ["home-appliances"]),
    ("نازنین رحیمی", "chemical", "bsc", 1401, 10, ["sweets"]),
    ("پویا اکبری", "polymer", "bsc", 1402, 14, ["sweets", "leather-slippers"]),
    ("سمیه یوسفی", "chemical", "msc", 1403, 6, ["stone-cutting"]),
    ("بهزاد عباسی", "civil", "bsc", 1401, 20, ["stone-cutting"]),
    ("مینا طاهری", "civil", "bsc", 1402, 12, []),
    ("آرش مرادی", "electrical", "bsc", 1401, 15, ["home-appliances"]),
    ("لیلا صالحی", "software", "msc", 1403, 9, ["home-appliances"]),
    ("کامران بهرامی", "electrical", "bsc", 1402, 18, []),
    ("هانیه شریفی", "software", "bsc", 1402, 11, ["home-appliances"]),
    ("جواد نجفی", "mechanical", "bsc", 1401, 13, ["stone-cutting"]),
    ("شیما رستگار", "industrial", "msc", 1403, 7, ["leather-slippers"]),
    ("سعید فرهادی", "chemical", "bsc", 1402, 12, ["sweets"]),
    ("نگار امینی", "polymer", "bsc", 1401, 10, []),
    ("فرهاد کاویانی", "civil", "msc", 1403, 8, ["stone-cutting"]),
    ("ریحانه نادری", "computer", "bsc", 1402, 14, []),
    ("امید توکلی", "electrical", "bsc", 1401, 10, ["home-appliances"]),
    ("پرستو ملکی", "industrial", "bsc", 1402, 9, []),
    ("وحید زمانی", "software", "bsc", 1401, 16, ["home-appliances"]),
]  # fmt: skip

PROFESSORS = [
    # (e-mail, name, department, fields of expertise, capacity)
    ("dr.ahmadi@example.org", "دکتر نسرین احمدی", "دانشکده مهندسی صنایع",
     ["industrial", "computer"], 2),
    ("dr.rahmani@example.org", "دکتر حمید رحمانی", "دانشکده مهندسی شیمی",
     ["chemical", "polymer"], 2),
    ("dr.karimi@example.org", "دکتر مهسا کریمی", "دانشکده مهندسی عمران",
     ["civil", "materials"], 1),
    ("dr.bagheri@example.org", "دکتر کاوه باقری", "دانشکده مهندسی برق",
     ["electrical", "software", "computer"], 2),
]  # fmt: skip


def seed_formation_round(log):
    """A round whose training is over and whose teams the office now forms: its
    students trained and have chosen problems; professors wait for teams."""
    iro = demo_user("iro@example.org")
    with happening_at(days_ago(150)):
        # Straight into formation: the open round of the demo is another one.
        round_, created = Round.objects.get_or_create(
            name_en="Summer 1405",
            defaults={
                "name_fa": "تابستان ۱۴۰۵",
                "starts_on": datetime.date(2026, 6, 22),
                "ends_on": datetime.date(2026, 12, 20),
                "status": Round.Status.FORMATION,
            },
        )
    with happening_at(days_ago(140)):
        for spec in PROFESSORS:
            ensure_demo_professor(*spec)
    if not created:
        return
    for number, spec in enumerate(FORMATION_STUDENTS):
        # Applications over three weeks of June, each decided two days later.
        applied = days_ago(160 - number, hour=9 + number % 8)
        with happening_at(applied):
            enrolment = enrol(number, spec, round_)
        with happening_at(applied + datetime.timedelta(days=2)):
            services.enrolment_accept(enrolment=enrolment, actor=iro)
    train_everyone(round_, iro)
    problems = list(
        ProblemRequest.objects.published().prefetch_related("fields_needed")
    )
    for enrolment in round_.enrolments.select_related("student").order_by("id"):
        with happening_at(days_ago(30 - enrolment.pk % 10, hour=19)):
            choose_by_field(enrolment, problems)
    log(f"round {round_.name_en}: {round_.enrolments.count()} students forming teams")


def train_everyone(round_, iro, first_day=130):
    """The round's two sessions a week apart, ``first_day`` days ago, everyone
    present: they become eligible."""
    enrolments = list(round_.enrolments.all())
    for number, title in enumerate(
        ["آشنایی با طرح همیار صنعت و کار تیمی", "ایمنی و آداب حضور در واحد صنعتی"]
    ):
        when = days_ago(first_day - 7 * number)
        with happening_at(when):
            session = TrainingSession.objects.create(
                round=round_,
                title=title,
                starts_at=when,
                place="تالار اجتماعات دانشگاه",
                capacity=60,
            )
        with happening_at(when + datetime.timedelta(hours=2)):
            services.attendance_record(session=session, present=enrolments, actor=iro)


def enrol(number, spec, round_):
    name, field, level, year, hours, clusters = spec
    email = "student@example.org" if number == 0 else f"summer{number}@example.org"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, full_name=name, is_student=True
    )
    student, _ = Student.objects.get_or_create(
        user=user,
        defaults={
            "student_number": f"{str(year)[1:]}{500 + number:06d}",
            "field": FieldOfStudy.objects.get(slug=field),
            "level": level,
            "entry_year": year,
        },
    )
    enrolment = Enrolment.objects.create(
        student=student,
        round=round_,
        weekly_hours=hours,
        skills="Python، اکسل، SolidWorks",
        motivation="می‌خواهم دانش دانشگاهی‌ام را در یک واحد صنعتی قم به کار ببرم.",
    )
    enrolment.preferred_clusters.set(Cluster.objects.filter(slug__in=clusters))
    return enrolment


def choose_by_field(enrolment, problems):
    """Up to three choices: problems needing the student's field first."""
    field = enrolment.student.field_id
    ranked = sorted(
        problems,
        key=lambda p: (field not in {f.pk for f in p.fields_needed.all()}, p.pk),
    )
    for rank, problem in enumerate(ranked[: 1 + enrolment.pk % 3], start=1):
        Interest.objects.get_or_create(
            enrolment=enrolment, rank=rank, defaults={"problem": problem}
        )


def ensure_demo_professor(email, name, department, fields, capacity):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            full_name=name,
            is_professor=True,
            email_verified_at=days_ago(140),
        )
    professor, created = Professor.objects.get_or_create(
        user=user, defaults={"department": department, "capacity": capacity}
    )
    if created:
        professor.expertise.set(FieldOfStudy.objects.filter(slug__in=fields))
