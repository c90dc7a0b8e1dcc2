"""Demo units, managers, problems in every state, and a joint meeting."""

import datetime

from django.utils import timezone

from partner_portal.demo import days_ago, demo_user, happening_at
from partner_portal.models import FieldOfStudy

from . import services
from .models import (
    Cluster,
    IndustrialArea,
    IndustrialUnit,
    Meeting,
    ProblemRequest,
    UnitManager,
)

UNITS = [
    # (name, area, cluster, employees, description)
    ("لوازم خانگی پارس قم", "shokouhieh", "home-appliances", 420,
     "تولید یخچال و لباسشویی"),
    ("سنگبری البرز", "mahmoudabad", "stone-cutting", 65, "برش و صیقل سنگ ساختمانی"),
    ("سوهان و شیرینی گل‌بهار", "al-ghadir", "sweets", 90, "تولید سوهان و گز"),
    ("چرم و دمپایی نگین", "salafchegan", "leather-slippers", 140,
     "تولید دمپایی و کفش چرمی"),
]  # fmt: skip

PROBLEMS = [
    # (unit index, title, fields, final state, comment)
    (0, "کاهش ضایعات ورق در خط پرس بدنه یخچال", ["mechanical", "industrial"],
     "approved", ""),
    (0, "پایش برخط مصرف انرژی کمپرسورهای خط رنگ", ["electrical", "computer"],
     "approved", ""),
    (1, "افزایش عمر تیغه‌های برش الماسه", ["materials", "mechanical"], "approved", ""),
    (2, "کنترل دمای پخت سوهان با حسگر و PLC", ["control", "chemical"], "submitted", ""),
    (0, "زمان‌بندی تعمیرات پیشگیرانه", ["industrial"], "returned",
     "لطفاً داده‌های توقف سه ماه اخیر را پیوست کنید."),
    (3, "طراحی قالب جدید زیره دمپایی", ["polymer", "mechanical"], "draft", ""),
    # Approved in the summer, for the teams of the round now forming them.
    (3, "کاهش پرت چرم در برش پنجه دمپایی", ["industrial", "computer"], "approved", ""),
    (2, "بسته‌بندی گز با ماندگاری بیشتر", ["chemical", "polymer"], "approved", ""),
    (1, "بازیافت دوغاب سنگبری", ["chemical", "civil"], "approved", ""),
    (0, "پیش‌بینی خرابی موتور الکتریکی خط مونتاژ", ["electrical", "software"],
     "approved", ""),
]  # fmt: skip


def seed(log):
    # The units were registered two months ago; their problems were written,
    # submitted and decided over the weeks since (the one awaiting review came in
    # two days ago), and the joint meeting was ten days ago.
    manager, iro = demo_user("manager@example.org"), demo_user("iro@example.org")
    with happening_at(days_ago(65)):
        units = [ensure_unit(*spec) for spec in UNITS]
        ensure_unit_managers(units, manager)
    for number, spec in enumerate(PROBLEMS):
        ensure_problem(units, spec, iro, days_ago(60 - 5 * number, hour=11))
    with happening_at(days_ago(10, hour=14)):
        ensure_meeting(units, iro)
    log(f"{len(units)} units, {ProblemRequest.objects.count()} problems")


def ensure_unit_managers(units, manager):
    UnitManager.objects.get_or_create(
        unit=units[0], user=manager,
        defaults={"position": "مدیر فنی", "status": UnitManager.Status.ACTIVE},
    )  # fmt: skip
    for unit in units[1:]:
        UnitManager.objects.get_or_create(
            unit=unit,
            user=ensure_manager(unit),
            defaults={"position": "مدیرعامل", "status": UnitManager.Status.ACTIVE},
        )


def ensure_unit(name, area, cluster, employees, description):
    unit, _ = IndustrialUnit.objects.get_or_create(
        name=name,
        defaults={
            "area": IndustrialArea.objects.get(slug=area),
            "cluster": Cluster.objects.get(slug=cluster),
            "employees": employees,
            "description": description,
            "introduced_by": IndustrialUnit.Introduction.MINISTRY,
            "referral_number": f"۱۴۰۵/{100 + len(name)}",
            "referral_date": datetime.date(2026, 9, 28),
        },
    )
    return unit


def ensure_manager(unit):
    from partner_portal.models import User

    user, created = User.objects.get_or_create(
        email=f"manager{unit.pk}@example.org",
        defaults={"full_name": f"مدیر {unit.name}", "is_industry_manager": True},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def ensure_problem(units, spec, iro, written):
    index, title, fields, state, comment = spec
    unit = units[index]
    if ProblemRequest.objects.filter(unit=unit, title=title).exists():
        return
    author = UnitManager.objects.filter(unit=unit).first().user
    with happening_at(written):
        problem = write_problem(unit, title, fields, author)
    if state == "draft":
        return
    # Awaiting review: sent in two days ago. The others: two days after writing,
    # and decided four days later.
    submitted = days_ago(2) if state == "submitted" else written + DAY * 2
    with happening_at(submitted):
        services.problem_submit(problem=problem, actor=author)
    with happening_at(submitted + DAY * 4):
        if state == "approved":
            services.problem_approve(problem=problem, actor=iro)
        elif state == "returned":
            services.problem_return(problem=problem, actor=iro, note=comment)


DAY = datetime.timedelta(days=1)


def write_problem(unit, title, fields, author):
    problem = ProblemRequest.objects.create(
        unit=unit,
        title=title,
        description=(
            f"{title}. واحد {unit.name} برای این موضوع به دنبال راهکاری عملی و "
            "قابل اجرا در خط تولید است."
        ),
        desired_team_size=5,
        duration_weeks=10,
        confidential_notes="قیمت‌های تأمین‌کننده و داده‌های تولید محرمانه است.",
        created_by=author,
    )
    problem.fields_needed.set(FieldOfStudy.objects.filter(slug__in=fields))
    return problem


def ensure_meeting(units, iro):
    if Meeting.objects.exists():
        return
    meeting = Meeting.objects.create(
        held_at=timezone.now(),
        place="دانشگاه صنعتی قم، دفتر ارتباط با صنعت",
        attendees="مریم رستمی\nرضا کریمی\nدکتر علی حسینی",
        minutes="معرفی طرح همیار صنعت و بررسی نیازهای پژوهشی واحد.",
        decisions="ثبت دو مسئله در سامانه تا پایان ماه.",
        recorded_by=iro,
    )
    meeting.units.set(units[:2])
    meeting.problems.set(ProblemRequest.objects.filter(unit__in=units[:2])[:2])
