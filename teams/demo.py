"""A demo round with students at every stage of enrolment and training."""

import datetime

from industries.models import ProblemRequest
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
