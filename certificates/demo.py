"""A winter round that is over: two completed placements supervised by the demo
professor. The demo student's team has its certificates signed and issued (the PDF
is on the student's dashboard, its code verifiable); the other team's four wait for
the professor's "sign all"."""

import datetime

from industries import services as industry_services
from industries.demo import write_problem
from industries.models import IndustrialUnit, UnitManager
from partner_portal.demo import days_ago, demo_user, happening_at
from partner_portal.models import FieldOfStudy, User
from placements import services as placement_services
from placements.demo import advance
from teams import formation_services
from teams import services as team_services
from teams.demo import train_everyone
from teams.models import Enrolment, Professor, Round, Student

from . import services
from .models import Certificate

DAY = datetime.timedelta(days=1)

NAMES = [
    "نگار شریفی", "حامد بابایی", "فاطمه رستمی", "علیرضا قاسمی", "مریم زارعی",
    "رضا کاظمی", "سمیرا نوری",
]  # fmt: skip

# (unit index, title, fields, days since dispatch, whether the certificates are issued)
PLACEMENTS = [
    (2, "کاهش ضایعات پرس ورق فولادی", ["mechanical", "industrial"], 330, True),
    (0, "نگهداری پیشگیرانه کمپرسورها", ["mechanical", "electrical"], 310, False),
]


def seed(log):
    if Round.objects.filter(name_en="Winter 1404").exists():
        return
    iro = demo_user("iro@example.org")
    professor = Professor.objects.get(user__email="professor@example.org")
    with happening_at(days_ago(420)):
        round_ = Round.objects.create(
            name_fa="زمستان ۱۴۰۴",
            name_en="Winter 1404",
            starts_on=datetime.date(2025, 12, 22),
            ends_on=datetime.date(2026, 3, 20),
            status=Round.Status.FORMATION,
        )
    enrolments = enrol(round_, iro)
    train_everyone(round_, iro, first_day=395)
    units = list(IndustrialUnit.objects.order_by("id"))
    for number, spec in enumerate(PLACEMENTS):
        members = enrolments[4 * number : 4 * number + 4]
        place(spec, units, members, iro, professor)
    with happening_at(days_ago(200)):
        team_services.round_close(round=round_, actor=iro)
    log(
        f"round {round_.name_en}: {Certificate.objects.count()} certificates, "
        f"{Certificate.objects.filter(status='issued').count()} issued"
    )


def enrol(round_, iro):
    fields = ["mechanical", "industrial", "electrical", "computer"]
    enrolments = []
    student = Student.objects.get(user__email="student@example.org")
    with happening_at(days_ago(425)):
        enrolments.append(
            Enrolment.objects.create(
                student=student,
                round=round_,
                weekly_hours=10,
                motivation="کارآموزی در صنعت استان",
            )  # fmt: skip
        )
    for number, name in enumerate(NAMES):
        with happening_at(days_ago(424 - number)):
            user = User.objects.create_user(
                email=f"winter{number + 1}@example.org",
                password=None,
                full_name=name,
                is_student=True,
                email_verified_at=days_ago(424 - number),
            )
            enrolments.append(
                Enrolment.objects.create(
                    student=Student.objects.create(
                        user=user,
                        student_number=f"400{600 + number:06d}",
                        field=FieldOfStudy.objects.get(
                            slug=fields[number % len(fields)]
                        ),
                        level="bsc",
                        entry_year=1400,
                    ),
                    round=round_,
                    weekly_hours=8 + number,
                    motivation="تجربهٔ کار در صنعت",
                )  # fmt: skip
            )
    for enrolment in enrolments:
        with happening_at(days_ago(415)):
            team_services.enrolment_accept(enrolment=enrolment, actor=iro)
    return enrolments


def place(spec, units, members, iro, professor):
    index, title, fields, days, issue = spec
    unit = units[index]
    manager = UnitManager.objects.filter(unit=unit).first().user
    dispatched_at = days_ago(days)
    start = dispatched_at - DAY * 20
    with happening_at(start - DAY * 15):
        problem = write_problem(unit, title, fields, manager)
        industry_services.problem_submit(problem=problem, actor=manager)
    with happening_at(start - DAY * 10):
        industry_services.problem_approve(problem=problem, actor=iro)
    with happening_at(start):
        team = formation_services.team_propose(
            round=members[0].round, problem=problem, actor=iro
        )
        for enrolment in members:
            enrolment.refresh_from_db()
            formation_services.team_add_member(
                team=team, enrolment=enrolment, actor=iro
            )
        formation_services.team_set_supervisor(
            team=team, professor=professor, actor=iro
        )
        team_services.team_confirm(team=team, actor=iro)
    with happening_at(start + DAY * 2):
        team_services.team_supervision_accept(team=team, actor=professor.user)
    with happening_at(dispatched_at):
        placement = placement_services.placement_dispatch(team=team, actor=iro)
    # Completing makes the certificates, awaiting the professor's signature.
    advance(placement, "completed", dispatched_at, manager, members, professor.user)
    if issue:
        # Signing queues the renderings for the seed's commit: the PDFs are made
        # then (in-process, or by the worker when there is a broker).
        with happening_at(dispatched_at + DAY * 75):
            services.certificates_sign_all(actor=professor.user)
