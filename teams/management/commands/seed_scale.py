"""Province-scale data for benchmarks: tens of thousands of students, thousands of
units and problems, inserted in bulk. Running it again replaces what it made before.

Qom has about 70,000 students and 2,400 industrial units (see the seeds); the defaults
follow those figures.
"""

import random
import time

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from industries.models import (
    Cluster,
    IndustrialArea,
    IndustrialUnit,
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

DOMAIN = "scale.example"
ROUND_NAME = "Scale round"
BATCH = 5000
FIRST_NAMES = ["علی", "زهرا", "محمد", "فاطمه", "حسین", "مریم", "رضا", "سارا", "امیر",
               "نرگس", "مهدی", "الهام", "سینا", "لیلا", "کاوه", "نیلوفر"]  # fmt: skip
LAST_NAMES = ["احمدی", "رضایی", "موسوی", "کاظمی", "حسینی", "جعفری", "قاسمی", "نوری",
              "صادقی", "حیدری", "کریمی", "رستمی", "شریفی", "مرادی"]  # fmt: skip
# Shares of enrolment states and problem states, as a running program would have.
ENROLMENT_MIX = [("applied", 30), ("accepted", 30), ("trained", 30), ("rejected", 5),
                 ("withdrawn", 5)]  # fmt: skip
PROBLEM_MIX = [("approved", 40), ("submitted", 20), ("draft", 15), ("returned", 10),
               ("rejected", 5), ("withdrawn", 5), ("assigned", 3),
               ("closed", 2)]  # fmt: skip


def pick(mix, rng):
    return rng.choices([state for state, _ in mix], weights=[w for _, w in mix])[0]


def name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


class Command(BaseCommand):
    help = "Generate province-scale data (bulk inserts) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=70_000)
        parser.add_argument("--units", type=int, default=2_400)
        parser.add_argument("--problems", type=int, default=10_000)
        parser.add_argument("--professors", type=int, default=400)
        parser.add_argument("--seed", type=int, default=1405)

    def handle(self, *args, **options):
        started = time.monotonic()
        self.rng = random.Random(options["seed"])  # noqa: S311 (test data, not secrets)
        self.remove_previous()
        with transaction.atomic():
            self.now = timezone.now()
            self.fields = list(FieldOfStudy.objects.all())
            round_ = self.make_round()
            units = self.make_units(options["units"])
            problems = self.make_problems(units, options["problems"])
            enrolments = self.make_students(round_, options["students"])
            self.make_training(round_, enrolments)
            self.make_interests(enrolments, problems)
            self.make_professors(options["professors"])
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather after such a load.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Scale data ready in {time.monotonic() - started:.1f}s")
        )

    def log(self, message):
        self.stdout.write(f"  {message}")

    def remove_previous(self):
        scale_users = User.objects.filter(email__endswith=f"@{DOMAIN}")
        if not scale_users.exists():
            return
        with transaction.atomic():
            Interest.objects.filter(enrolment__round__name_en=ROUND_NAME).delete()
            Attendance.objects.filter(session__round__name_en=ROUND_NAME).delete()
            Enrolment.objects.filter(round__name_en=ROUND_NAME).delete()
            TrainingSession.objects.filter(round__name_en=ROUND_NAME).delete()
            Round.objects.filter(name_en=ROUND_NAME).delete()
            units = IndustrialUnit.objects.filter(email__endswith=f"@{DOMAIN}")
            ProblemRequest.objects.filter(unit__in=units).delete()
            UnitManager.objects.filter(unit__in=units).delete()
            units.delete()
            # Children first: deleting users alone makes Django collect every row
            # that points at them.
            Student.objects.filter(user__in=scale_users).delete()
            Professor.objects.filter(user__in=scale_users).delete()
            scale_users.delete()
        self.log("removed the previous scale data")

    def make_round(self):
        status = Round.Status.PLANNED if Round.open_round() else Round.Status.OPEN
        return Round.objects.create(
            name_fa="دوره آزمون مقیاس",
            name_en=ROUND_NAME,
            starts_on=self.now.date(),
            ends_on=self.now.date(),
            status=status,
        )

    def make_users(self, count, prefix, **flags):
        users = [
            User(
                email=f"{prefix}{i}@{DOMAIN}",
                full_name=name(self.rng),
                password=UNUSABLE_PASSWORD_PREFIX,
                **flags,
            )  # fmt: skip
            for i in range(count)
        ]
        return User.objects.bulk_create(users, batch_size=BATCH)

    def make_units(self, count):
        areas, clusters = (
            list(IndustrialArea.objects.all()),
            list(Cluster.objects.all()),
        )
        units = IndustrialUnit.objects.bulk_create(
            [
                IndustrialUnit(
                    name=f"واحد صنعتی {i:04d}",
                    area=self.rng.choice(areas),
                    cluster=self.rng.choice(clusters),
                    employees=self.rng.randint(5, 900),
                    email=f"unit{i}@{DOMAIN}",
                    introduced_by=IndustrialUnit.Introduction.DIRECT,
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        managers = self.make_users(count, "manager", is_industry_manager=True)
        UnitManager.objects.bulk_create(
            [
                UnitManager(
                    unit=unit,
                    user=user,
                    position="مدیر",
                    status=UnitManager.Status.ACTIVE,
                )  # fmt: skip
                for unit, user in zip(units, managers, strict=True)
            ],
            batch_size=BATCH,
        )
        self.log(f"{count} units with their managers")
        return units

    def make_problems(self, units, count):
        problems = ProblemRequest.objects.bulk_create(
            [self.problem(i, self.rng.choice(units)) for i in range(count)],
            batch_size=BATCH,
        )
        through = ProblemRequest.fields_needed.through
        through.objects.bulk_create(
            [
                through(problemrequest_id=problem.pk, fieldofstudy_id=field.pk)
                for problem in problems
                for field in self.rng.sample(self.fields, self.rng.randint(1, 3))
            ],
            batch_size=BATCH,
        )
        self.log(f"{count} problem requests")
        return [p for p in problems if p.status == ProblemRequest.Status.APPROVED]

    def problem(self, i, unit):
        status = pick(PROBLEM_MIX, self.rng)
        return ProblemRequest(
            unit=unit,
            title=f"مسئله شماره {i} در {unit.name}",
            description="بهبود فرایند تولید و کاهش ضایعات در خط اصلی.",
            desired_team_size=self.rng.randint(4, 6),
            duration_weeks=self.rng.randint(4, 20),
            urgency=self.rng.choice(ProblemRequest.Urgency.values),
            status=status,
            submitted_at=None if status == "draft" else self.now,
        )

    def make_students(self, round_, count):
        users = self.make_users(count, "student", is_student=True)
        students = Student.objects.bulk_create(
            [self.student(i, user) for i, user in enumerate(users)], batch_size=BATCH
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    student=student,
                    round=round_,
                    status=pick(ENROLMENT_MIX, self.rng),
                    weekly_hours=self.rng.randint(4, 20),
                    motivation="علاقه به کار صنعتی",
                )  # fmt: skip
                for student in students
            ],
            batch_size=BATCH,
        )
        self.log(f"{count} students enrolled")
        return enrolments

    def student(self, i, user):
        year = 1398 + i % 7
        field = self.rng.choice(self.fields)
        level = "bsc" if field.offered_bsc else "msc"
        return Student(
            user=user,
            student_number=f"{str(year)[1:]}{i:06d}",
            field=field,
            level=level,
            entry_year=year,
        )

    def make_training(self, round_, enrolments):
        sessions = TrainingSession.objects.bulk_create(
            TrainingSession(
                round=round_,
                title=f"جلسه آموزشی {n}",
                starts_at=self.now,
                place="تالار",
                capacity=500,
            )  # fmt: skip
            for n in range(1, 11)
        )
        trained = [e for e in enrolments if e.status == Enrolment.Status.TRAINED]
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, enrolment=enrolment)
                for enrolment in trained
                for session in self.rng.sample(sessions, 2)
            ],
            batch_size=BATCH,
        )
        self.log(f"{len(sessions)} training sessions, {len(trained) * 2} attendances")

    def make_interests(self, enrolments, problems):
        trained = [e for e in enrolments if e.status == Enrolment.Status.TRAINED]
        interests = [
            Interest(enrolment=enrolment, problem=problem, rank=rank)
            for enrolment in trained
            for rank, problem in enumerate(self.rng.sample(problems, 3), start=1)
        ]
        Interest.objects.bulk_create(interests, batch_size=BATCH)
        self.log(f"{len(interests)} ranked choices")

    def make_professors(self, count):
        users = self.make_users(count, "professor", is_professor=True)
        professors = Professor.objects.bulk_create(
            [
                Professor(user=user, department="دانشکده مهندسی", capacity=4)
                for user in users
            ],
            batch_size=BATCH,
        )
        through = Professor.expertise.through
        through.objects.bulk_create(
            [
                through(professor_id=professor.pk, fieldofstudy_id=field.pk)
                for professor in professors
                for field in self.rng.sample(self.fields, 2)
            ],
            batch_size=BATCH,
        )
        self.log(f"{count} professors")
