"""The people and certificates the drills need, made in the drills' own database:
the office's staff (who receive every submitted problem), professors with
certificates awaiting their signature, and managers of industrial units."""

import datetime
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from certificates.management.commands.bench_certificates import make_certificates

DOMAIN = "drills.invalid"


@dataclass
class Person:
    email: str
    user: object
    professor: object = None
    unit: object = None
    certificates: list = field(default_factory=list)


@dataclass
class World:
    password: str  # the one account that logs in with it: ``login``
    login: Person
    iro: list
    professors: list
    managers: list
    batch_professor: Person
    fields: list
    round: object = None


def person(email, password, **roles):
    from partner_portal.models import User

    user = User.objects.create(
        email=email,
        full_name=f"آزمون {email.split('@')[0]}",
        password=password,
        email_verified_at=timezone.now(),
        **roles,
    )
    return Person(email=email, user=user)


def make_world(*, professors=2, certificates_each=40, managers=2, batch=100):
    from industries.models import Cluster, IndustrialArea, IndustrialUnit, UnitManager
    from partner_portal.models import FieldOfStudy
    from teams.models import Professor, Round

    # The drills make their sessions themselves: only ``login`` logs in for real.
    hashed = make_password(None)
    today = timezone.localdate()
    fields = list(FieldOfStudy.objects.order_by("pk")[:3])
    iro = [person(f"office{i}@{DOMAIN}", hashed, is_iro_staff=True) for i in range(2)]
    round_ = Round.objects.create(
        name_fa="تمرین خرابی",
        name_en="Fault drill",
        starts_on=today - datetime.timedelta(weeks=10),
        ends_on=today,
        status=Round.Status.CLOSED,
    )

    def unit(name):
        return IndustrialUnit.objects.create(
            name=name,
            area=IndustrialArea.objects.first(),
            cluster=Cluster.objects.first(),
            introduced_by=IndustrialUnit.Introduction.MINISTRY,
            referral_number="۱۴۰۵/۱",
            referral_date=today,
        )

    def professor(i, count):
        someone = person(f"professor{i}@{DOMAIN}", hashed, is_professor=True)
        someone.professor = Professor.objects.create(
            user=someone.user, department="دانشکده مهندسی"
        )
        someone.unit = unit(f"کارخانهٔ تمرین {i}")
        # bench_certificates' maker wants these names.
        someone.fields, someone.supervisor = fields, someone.user
        someone.certificates = make_certificates(
            someone, round_, count, offset=1000 * i
        )
        return someone

    password = secrets.token_urlsafe(12)
    world = World(
        password=password,
        login=person(f"login@{DOMAIN}", make_password(password), is_professor=True),
        iro=iro,
        professors=[professor(i, certificates_each) for i in range(professors)],
        managers=[],
        batch_professor=professor(professors, batch),
        fields=fields,
        round=round_,
    )
    for i in range(managers):
        manager = person(f"manager{i}@{DOMAIN}", hashed, is_industry_manager=True)
        manager.unit = unit(f"واحد صنعتی تمرین {i}")
        UnitManager.objects.create(
            unit=manager.unit, user=manager.user, status=UnitManager.Status.ACTIVE
        )
        world.managers.append(manager)
    return world
