"""Problem requests: the manager's drafts and submissions, IRO's review."""

from crispy_forms.layout import Submit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import CreateView

from partner_portal.access import RoleRequiredMixin, role_required
from partner_portal.exports import (
    Column,
    choice_column,
    export_response,
    export_rows,
    filter_data,
)
from partner_portal.i18n import list_separator
from partner_portal.models import Role
from partner_portal.views_helpers import (
    FormMethodsMixin,
    PortalFilterView,
    make_move,
    open_stored_file,
    redirect_refused,
    require_form_methods,
    run_service,
    with_refused_errors,
)
from partner_portal.workflow import audit_trail, may_move

from .. import services
from ..filters import ProblemFilter
from ..forms import AttachmentForm, ProblemForm
from ..models import IndustrialUnit, ProblemRequest
from ..permissions import (
    get_attachment_for_user,
    get_problem_for_user,
    may_edit_problem,
    require_problem_editor,
    require_problem_manager,
)

Status = ProblemRequest.Status


def problem_queryset(user):
    return (
        ProblemRequest.objects.visible_to(user)
        .select_related("unit__area", "unit__cluster")
        .order_by("-submitted_at", "-created_at", "-id")
    )


def review_queue_by_default(request, kwargs):
    """Without filters, the office sees the problems waiting for review (and so
    does its export)."""
    if request.user.is_iro_staff and filter_data(request) is None:
        kwargs["data"] = {"status": Status.SUBMITTED}
    return kwargs


class ProblemListView(RoleRequiredMixin, PortalFilterView):
    """A manager's problems; for IRO, the review queue (submitted ones first)."""

    required_roles = (Role.IRO, Role.MANAGER)
    filterset_class = ProblemFilter
    template_name = "industries/problem_list.html"

    def get_queryset(self):
        return problem_queryset(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return review_queue_by_default(self.request, kwargs)


def names(objects):
    return list_separator().join(str(o.name) for o in objects)


PROBLEM_COLUMNS = [
    Column("id", _("number"), lambda p: p.pk),
    Column("title", _("title"), lambda p: p.title),
    Column("unit", _("industrial unit"), lambda p: p.unit.name),
    Column(
        "area",
        _("town or zone"),
        lambda p: p.unit.area.name,
        machine=lambda p: p.unit.area.slug,
    ),
    Column(
        "cluster",
        _("industrial cluster"),
        lambda p: p.unit.cluster.name,
        machine=lambda p: p.unit.cluster.slug,
    ),
    Column(
        "fields_needed",
        _("fields of study needed"),
        lambda p: names(p.fields_needed.all()),
        machine=lambda p: " ".join(f.slug for f in p.fields_needed.all()),
    ),
    Column("desired_team_size", _("desired team size"), lambda p: p.desired_team_size),
    choice_column("urgency", _("urgency"), "urgency"),
    Column(
        "duration_weeks", _("expected duration (weeks)"), lambda p: p.duration_weeks
    ),
    choice_column("status", _("status"), "status"),
    Column("created_at", _("created at"), lambda p: p.created_at),
    Column("submitted_at", _("submitted at"), lambda p: p.submitted_at),
]


@require_safe
@role_required(Role.IRO)
def problem_export(request):
    kwargs = review_queue_by_default(request, {"data": filter_data(request)})
    queryset = problem_queryset(request.user).prefetch_related("fields_needed")
    filterset = ProblemFilter(queryset=queryset, **kwargs)
    return export_response(
        request,
        rows=export_rows(filterset),
        columns=PROBLEM_COLUMNS,
        filename="problems",
    )


class ProblemCreateView(FormMethodsMixin, RoleRequiredMixin, CreateView):
    required_roles = (Role.MANAGER,)
    form_class = ProblemForm
    template_name = "industries/problem_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_industry_manager:
            self.units = IndustrialUnit.objects.managed_by(request.user).order_by(
                "name"
            )
            if not self.units.exists():
                messages.info(
                    request,
                    _("Ask to manage your unit first; then you can submit problems."),
                )
                return redirect("industries:join-request")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units}

    def form_valid(self, form):
        self.object = services.problem_create(actor=self.request.user, **form.values())
        messages.success(
            self.request,
            _("The draft is saved. Add attachments if you like, then submit it."),
        )
        return redirect(self.object)


@require_form_methods
def problem_edit(request, pk):
    problem = get_problem_for_user(request.user, pk)
    try:
        require_problem_editor(request.user, problem)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(problem)
    # A returned problem goes back to the office in one step: save, then submit.
    may_submit = may_move(request.user, problem, "submit")
    form = ProblemForm(request.POST or None, instance=problem)
    if may_submit:
        resubmit = Submit("resubmit", resubmit_label(problem))
        resubmit.field_classes = "btn btn-success"
        form.helper.add_input(resubmit)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            services.problem_update,
            problem=problem,
            actor=request.user,
            **form.values(),
            success_message=_("The problem has been saved."),
        )
        if saved:
            if may_submit and "resubmit" in request.POST:
                # Saved whatever happens: a refused submission says why and keeps
                # the manager's text.
                make_move(request, saved, "submit")
            return redirect(problem)
    context = {"form": form, "object": problem, "returned": return_comment(problem)}
    return render(request, "industries/problem_form.html", context)


def resubmit_label(problem):
    if problem.status == Status.RETURNED:
        return _("Save and resubmit")
    return _("Save and submit for review")


def return_comment(problem):
    """The office's last comment on a problem it returned, while it is returned."""
    if problem.status != Status.RETURNED:
        return None
    return (
        audit_trail(problem)
        .filter(to_state=Status.RETURNED)
        .order_by("-created_at", "-id")
        .first()
    )


@require_safe
def problem_detail(request, pk):
    return problem_page(request, get_problem_for_user(request.user, pk))


def problem_page(request, problem):
    can_edit = may_edit_problem(request.user, problem)
    attachment_form = None
    if can_edit:
        attachment_form = with_refused_errors(
            request, AttachmentForm(), key=attachment_form_key(problem)
        )
    context = {
        "problem": problem,
        "fields_needed": problem.fields_needed.all(),
        "attachments": problem.attachments.all(),
        "trail": audit_trail(problem),
        "returned": return_comment(problem),
        "can_edit": can_edit,
        "attachment_form": attachment_form,
    }
    return render(request, "industries/problem_detail.html", context)


def attachment_form_key(problem):
    return f"attachment-{problem.pk}"


@require_POST
def problem_move(request, pk, move):
    problem = get_problem_for_user(request.user, pk)
    make_move(request, problem, move)
    return redirect(problem)


@require_POST
def attachment_add(request, pk):
    problem = get_problem_for_user(request.user, pk)
    require_problem_manager(request.user, problem)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                problem=problem, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
    # Back to the problem's page either way, so that a reload never posts the
    # file again; a refusal shows there, next to the upload box.
    to_the_box = f"{problem.get_absolute_url()}#attachments-heading"
    if form.errors and may_edit_problem(request.user, problem):
        return redirect_refused(
            request, form, to_the_box, key=attachment_form_key(problem)
        )
    if form.errors:  # The page has no upload box now (the problem was submitted).
        for error in form.errors["file"]:
            messages.error(request, error)
        return redirect(problem)
    messages.success(request, _("The file has been attached."))
    return redirect(to_the_box)


@require_safe
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    response = FileResponse(
        open_stored_file(attachment.file),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    problem = attachment.problem
    run_service(
        request,
        services.attachment_delete,
        attachment=attachment,
        actor=request.user,
        success_message=_("The file has been removed."),
    )
    return redirect(problem)
