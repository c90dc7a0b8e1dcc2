"""Importing a student list (CSV) into a round: every row is checked first, and
either all rows are imported or none."""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partner_portal.access import require_iro
from partner_portal.exports import unescape_cell
from partner_portal.formfields import LocalisedIntegerField
from partner_portal.forms import PersianInputMixin
from partner_portal.i18n import isolate, local_digits
from partner_portal.models import FieldOfStudy, Level, User
from partner_portal.security import canonical_login
from partner_portal.text import search_key

from .forms import StudentNumberField, StudentRecordMixin
from .models import FIRST_ENTRY_YEAR, LAST_ENTRY_YEAR, Enrolment, Student

COLUMNS = ["email", "full_name", "student_number", "field", "level", "entry_year",
           "weekly_hours"]  # fmt: skip
MAX_ROWS = 5000


# A level as people write it in a spreadsheet: the code, the abbreviation the
# portal shows (BSc, MSc), the degree's name; in any case, in Persian or English.
LEVEL_WORDS = {
    search_key(word): level
    for level, words in {
        Level.BSC: ["bsc", "b.sc", "b.sc.", "bachelor", "bachelor's", "کارشناسی"],
        Level.MSC: ["msc", "m.sc", "m.sc.", "master", "master's", "کارشناسی ارشد",
                    "ارشد"],
    }.items()
    for word in words
}  # fmt: skip


def level_by_label(typed):
    """The level whose label (in either language) was typed: «Bachelor's (BSc)»."""
    key = search_key(typed)
    for language in ("en", "fa"):
        with translation.override(language):
            for level in Level:
                if search_key(level.label) == key:
                    return level.value
    return None


class StudentRowForm(PersianInputMixin, StudentRecordMixin, forms.Form):
    email = forms.EmailField()
    full_name = forms.CharField(max_length=150)
    student_number = StudentNumberField()
    field = forms.CharField()
    level = forms.CharField()
    entry_year = LocalisedIntegerField(
        min_value=FIRST_ENTRY_YEAR, max_value=LAST_ENTRY_YEAR
    )
    weekly_hours = LocalisedIntegerField(min_value=1, max_value=40)

    def clean_level(self):
        typed = self.cleaned_data["level"]
        level = LEVEL_WORDS.get(search_key(typed)) or level_by_label(typed)
        if level is None:
            raise forms.ValidationError(
                _("Unknown level “%(level)s”: write BSc or MSc.")
                % {"level": isolate(typed.strip())}
            )
        return level

    def clean_field(self):
        # By code or name, the Persian name however it is typed (ي or ی, a space
        # or a ZWNJ).
        name = self.cleaned_data["field"].strip()
        key = search_key(name)
        for study in FieldOfStudy.objects.all():
            names = (study.slug, study.name_fa, study.name_en)
            if key in {search_key(text) for text in names}:
                return study
        raise forms.ValidationError(
            _("Unknown field of study “%(name)s”.") % {"name": isolate(name)}
        )

    def clean(self):
        cleaned = super().clean()
        email = canonical_login(cleaned.get("email"))
        owner = User.objects.filter(email=email).first() if email else None
        self.check_student_record(cleaned, user=owner)
        return cleaned


@dataclass
class ImportReport:
    created: int = 0
    already_enrolled: int = 0
    rejected: list = field(default_factory=list)  # (line, [messages])

    @property
    def ok(self):
        return not self.rejected


def row_messages(form):
    """Each error prefixed with its CSV column, as the person sees the file."""
    messages = []
    for name, errors in form.errors.items():
        prefix = "" if name == "__all__" else f"{name}: "
        messages += [f"{prefix}{error}" for error in errors]
    return messages


def check_rows(text):
    """Validated rows, and the rejected ones with their reasons by line number."""
    # Universal newlines: CR-only line ends (old Excel for Mac) read like LF.
    reader = csv.DictReader(io.StringIO(text, newline=None))
    try:
        header = reader.fieldnames or []
    except csv.Error:
        return [], [(1, [unreadable_line()])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [
            (1, [_("Missing columns: %(names)s") % {"names": ", ".join(missing)}])
        ]
    rows, rejected, seen = [], [], {}
    for line, raw in enumerate(records(reader), start=2):
        if raw is None:
            rejected.append((line, [unreadable_line()]))
            break
        if line - 1 > MAX_ROWS:
            rejected.append(
                (
                    line,
                    [
                        _("A list may have at most %(n)s rows.")
                        % {"n": local_digits(MAX_ROWS)}
                    ],
                )
            )
            break
        form = StudentRowForm(
            {k: unescape_cell((raw.get(k) or "").strip()) for k in COLUMNS}
        )
        if not form.is_valid():
            rejected.append((line, row_messages(form)))
            continue
        duplicate = duplicate_in_file(form.cleaned_data, seen, line)
        if duplicate:
            rejected.append((line, [duplicate]))
            continue
        rows.append(form.cleaned_data)
    return rows, rejected


def records(reader):
    """The rows as dicts; one the csv module cannot read ends them as None."""
    try:
        yield from reader
    except csv.Error:
        yield None


def unreadable_line():
    return _(
        "This line cannot be read: a cell is longer than %(n)s characters or a "
        "quote is never closed."
    ) % {"n": local_digits(csv.field_size_limit())}


def duplicate_in_file(row, seen, line):
    for key in ("email", "student_number"):
        value = str(row[key]).lower()
        if (key, value) in seen:
            return _("Same %(column)s as line %(line)s.") % {
                "column": key,
                "line": local_digits(seen[(key, value)]),
            }
        seen[(key, value)] = line
    return None


def students_import(*, text, round, actor) -> ImportReport:
    require_iro(actor)
    rows, rejected = check_rows(text)
    report = ImportReport(rejected=rejected)
    if rejected or not rows:
        if not rows and not rejected:
            report.rejected = [(1, [_("The file has no student rows.")])]
        return report
    with transaction.atomic():
        for row in rows:
            created = import_row(row, round)
            report.created += created
            report.already_enrolled += not created
    return report


def import_row(row, round):
    user = User.objects.filter(email=canonical_login(row["email"])).first()
    if user is None:
        user = User.objects.create_user(
            email=row["email"],
            password=None,
            full_name=row["full_name"],
            is_student=True,
        )
    elif not user.is_student:
        user.is_student = True
        user.save(update_fields=["is_student"])
    student, _created = Student.objects.update_or_create(
        user=user,
        defaults={
            k: row[k] for k in ("student_number", "field", "level", "entry_year")
        },
    )
    _enrolment, created = Enrolment.objects.get_or_create(
        student=student,
        round=round,
        defaults={"weekly_hours": row["weekly_hours"], "motivation": ""},
    )
    return created
