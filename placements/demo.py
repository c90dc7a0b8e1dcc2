"""A spring round whose teams are at the units: one placement at every stage, from
just dispatched to completed, each reached through the services and dated over the
spring and summer."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from industries import services as industry_services
from industries.demo import write_problem
from industries.models import IndustrialUnit, UnitManager
from partner_portal.demo import days_ago, demo_user, happening_at
from partner_portal.models import FieldOfStudy, User
from teams import formation_services
from teams import services as team_services
from teams.demo import train_everyone
from teams.models import Enrolment, Professor, Round, Student

from . import services
from .models import Document, Placement

DAY = datetime.timedelta(days=1)

# (unit index, title, fields, the stage it has reached, days since dispatch)
PLACEMENTS = [
    (0, "کاهش لرزش خط مونتاژ لباسشویی", ["mechanical", "industrial"], "execution", 80),
    (0, "بهینه‌سازی چیدمان انبار قطعات", ["industrial", "computer"], "selection", 60),
    (1, "پایش سایش تیغه با پردازش تصویر", ["computer", "electrical"], "proposal", 45),
    (2, "کاهش مصرف گاز دیگ‌های پخت", ["chemical", "mechanical"], "assessment", 25),
    (3, "کنترل کیفیت دوخت رویه دمپایی", ["industrial", "polymer"], "dispatched", 6),
    (1, "بازطراحی سامانه آب‌گیری دوغاب", ["civil", "chemical"], "completed", 120),
    # Confirmed two weeks ago: the office has yet to dispatch it.
    (2, "خودکارسازی بسته‌بندی گز", ["computer", "mechanical"], "confirmed", -3),
]  # fmt: skip

STAGES = ["dispatched", "assessment", "proposal", "selection", "execution",
          "completed"]  # fmt: skip

NAMES = [
    "کیان رحمانی", "آیدا صدری", "بردیا نیک‌نام", "ترانه مقدم", "سامان فتحی",
    "یاسمن کاظم‌زاده", "امیرعلی شفیعی", "نیلوفر عسگری", "پارسا جلالی", "مهسا اسدی",
    "دانیال رنجبر", "سارینا مختاری", "آرین حیدرزاده", "الینا فرجی", "محمدامین قربانی",
    "رها یزدانی", "ماهان طالبی", "ستایش نوروزی", "عرفان خلیلی", "هستی مرادیان",
    "سینا پورمحمد", "کیانا افشار", "رادین سلطانی", "آوا بهشتی", "شایان کریمیان",
    "بهار توکلی", "مانی اصفهانی", "پرنیا شاکری",
]  # fmt: skip


def seed(log):
    if Round.objects.filter(name_en="Spring 1405").exists():
        return
    iro = demo_user("iro@example.org")
    with happening_at(days_ago(240)):
        round_ = Round.objects.create(
            name_fa="بهار ۱۴۰۵",
            name_en="Spring 1405",
            starts_on=datetime.date(2026, 3, 21),
            ends_on=datetime.date(2026, 9, 21),
            status=Round.Status.FORMATION,
        )
    enrolments = enrol_students(round_, iro)
    # The demo student works in the team now carrying out its proposal.
    enrolments[0] = enrol_demo_student(round_, iro)
    train_everyone(round_, iro, first_day=205)
    units = list(IndustrialUnit.objects.order_by("id"))
    for number, spec in enumerate(PLACEMENTS):
        members = enrolments[4 * number : 4 * number + 4]
        for enrolment in members:
            enrolment.refresh_from_db()
        place(spec, units, members, iro)
    # Every team has been formed: the round closes.
    with happening_at(days_ago(12)):
        team_services.round_close(round=round_, actor=iro)
    log(f"round {round_.name_en}: {Placement.objects.count()} placements")


def enrol_students(round_, iro):
    fields = ["mechanical", "industrial", "computer", "electrical", "chemical",
              "polymer", "civil"]  # fmt: skip
    enrolments = []
    for number, name in enumerate(NAMES):
        # One application a day over three weeks, each decided two days later.
        applied = days_ago(236 - number, hour=9 + number % 8)
        with happening_at(applied):
            user = User.objects.create_user(
                email=f"spring{number + 1}@example.org",
                password=None,
                full_name=name,
                is_student=True,
                email_verified_at=applied,
            )
            student = Student.objects.create(
                user=user,
                student_number=f"401{700 + number:06d}",
                field=FieldOfStudy.objects.get(slug=fields[number % len(fields)]),
                level="msc" if number % 5 == 0 else "bsc",
                entry_year=1401,
            )
            enrolment = Enrolment.objects.create(
                student=student, round=round_, weekly_hours=10 + number % 8,
                motivation="تجربهٔ کار در صنعت استان",
            )  # fmt: skip
        with happening_at(applied + DAY * 2):
            team_services.enrolment_accept(enrolment=enrolment, actor=iro)
        enrolments.append(enrolment)
    return enrolments


def enrol_demo_student(round_, iro):
    student = Student.objects.get(user__email="student@example.org")
    with happening_at(days_ago(237, hour=11)):
        enrolment = Enrolment.objects.create(
            student=student, round=round_, weekly_hours=12,
            motivation="می‌خواهم در صنعت کار کنم.",
        )  # fmt: skip
    with happening_at(days_ago(235)):
        team_services.enrolment_accept(enrolment=enrolment, actor=iro)
    return enrolment


def place(spec, units, members, iro):
    index, title, fields, stage, days = spec
    unit = units[index]
    manager = UnitManager.objects.filter(unit=unit).first().user
    dispatched_at = days_ago(days)
    start = dispatched_at - DAY * 20
    with happening_at(start - DAY * 15):
        problem = write_problem(unit, title, fields, manager)
        industry_services.problem_submit(problem=problem, actor=manager)
    with happening_at(start - DAY * 10):
        industry_services.problem_approve(problem=problem, actor=iro)
    professor = supervisor_for(fields)
    with happening_at(start):
        team = formation_services.team_propose(
            round=members[0].round, problem=problem, actor=iro
        )
        for enrolment in members:
            formation_services.team_add_member(
                team=team, enrolment=enrolment, actor=iro
            )
        formation_services.team_set_supervisor(
            team=team, professor=professor, actor=iro
        )
        team_services.team_confirm(team=team, actor=iro)
    with happening_at(start + DAY * 2):
        team_services.team_supervision_accept(team=team, actor=professor.user)
    if stage == "confirmed":
        return
    with happening_at(dispatched_at):
        placement = services.placement_dispatch(team=team, actor=iro)
    advance(placement, stage, dispatched_at, manager, members, professor.user)


def supervisor_for(fields):
    """The first professor with room who knows one of the fields (the demo
    professor first), else anyone with room."""
    professors = list(Professor.objects.select_related("user").order_by("id"))
    for professor in professors:
        knows = set(professor.expertise.values_list("slug", flat=True))
        if knows & set(fields) and has_room(professor):
            return professor
    return next(p for p in professors if has_room(p))


def has_room(professor):
    return professor.teams.exclude(status__in=["dissolved", "completed"]).count() < (
        professor.capacity
    )


def advance(placement, stage, dispatched_at, manager, members, supervisor):
    """Walk the placement through the stages up to ``stage``, a week or two each."""
    student = members[0].student.user
    reached = STAGES.index(stage)
    when = dispatched_at
    if reached >= 1:
        when += DAY * 5
        with happening_at(when):
            visit = services.visit_schedule(
                placement=placement, starts_at=when + DAY * 3, place="سالن تولید",
                attendees="اعضای تیم\nسرپرست تولید", actor=manager,
            )  # fmt: skip
    if reached >= 2:
        when += DAY * 6
        with happening_at(when):
            services.visit_record_findings(
                visit=visit,
                findings="ایستگاه‌های ۳ و ۵ گلوگاه‌اند؛ ضایعات در تعویض قالب است.",
                actor=student,
            )
            services.document_upload(
                placement=placement, actor=student, upload=report_pdf(),
                kind=Document.Kind.ASSESSMENT, title="گزارش ارزیابی اولیه",
            )  # fmt: skip
            services.placement_propose(placement=placement, actor=student)
    if reached >= 3:
        when += DAY * 8
        with happening_at(when):
            chosen = write_proposals(placement, student)
        with happening_at(when + DAY):
            services.placement_submit(placement=placement, actor=supervisor)
    if reached >= 4:
        when += DAY * 6
        with happening_at(when):
            services.placement_select(
                placement=placement, proposal=chosen, actor=manager,
                rationale="کم‌هزینه‌تر است و در تعطیلات خط اجرا می‌شود.",
            )  # fmt: skip
        milestones = list(chosen.milestones.order_by("weeks"))
        with happening_at(when + DAY * 10):
            services.milestone_report(
                milestone=milestones[0], actor=student,
                note="اندازه‌گیری‌ها انجام و گزارش شد.",
            )  # fmt: skip
        with happening_at(when + DAY * 11):
            services.milestone_confirm(milestone=milestones[0], actor=manager)
    if reached >= 5:
        when += DAY * 30
        with happening_at(when):
            for milestone in milestones[1:]:
                services.milestone_report(
                    milestone=milestone, actor=student, note="انجام شد."
                )
                services.milestone_confirm(milestone=milestone, actor=manager)
            services.evaluation_save(
                placement=placement, actor=manager, quality=5, timeliness=4,
                communication=5, comment="تیمی منظم و پیگیر.",
            )  # fmt: skip
            services.grades_save(
                placement=placement,
                actor=supervisor,
                grades={
                    m.pk: (True, 16 + i, 180 - 10 * i) for i, m in enumerate(members)
                },
            )
        with happening_at(when + DAY * 2):
            services.placement_complete(
                placement=placement, actor=manager, note="تحویل شد."
            )


def write_proposals(placement, student):
    chosen = services.proposal_save(
        placement=placement, actor=student,
        milestones=[("اندازه‌گیری وضع موجود", "گزارش داده‌ها", 2),
                    ("طراحی و ساخت نمونه", "نمونه آزمایشی", 6),
                    ("آموزش اپراتورها", "دستورالعمل کار", 9)],
        title="اصلاح روش تعویض قالب", summary="کاهش زمان و ضایعات تعویض قالب",
        approach="SMED و استانداردسازی", estimated_cost=420_000_000,
        duration_weeks=10, resources_needed="دو روز توقف خط در ماه",
    )  # fmt: skip
    services.proposal_save(
        placement=placement, actor=student,
        milestones=[("انتخاب تجهیز", "مشخصات فنی", 3),
                    ("نصب و راه‌اندازی", "گزارش آزمون", 12)],
        title="خرید تجهیز جدید", summary="جایگزینی ایستگاه ۵",
        approach="تأمین دستگاه با دقت بیشتر", estimated_cost=2_800_000_000,
        duration_weeks=14, resources_needed="بودجه سرمایه‌ای",
    )  # fmt: skip
    return chosen


def report_pdf():
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    body += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    body += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile("assessment.pdf", body, content_type="application/pdf")
