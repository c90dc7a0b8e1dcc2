"""Problem requests: the manager's drafts and submissions, IRO's review."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from partner_portal.access import RoleRequiredMixin
from partner_portal.models import Role
from partner_portal.views_helpers import (
    PortalFilterView,
    open_stored_file,
    posted_text,
    run_service,
)
from partner_portal.workflow import allowed_transitions, audit_trail

from .. import services
from ..filters import ProblemFilter
from ..forms import AttachmentForm, CommentForm, ProblemForm
from ..models import IndustrialUnit, ProblemRequest
from ..permissions import (
    get_attachment_for_user,
    get_problem_for_user,
    manages_unit,
    require_problem_manager,
)

Status = ProblemRequest.Status


class ProblemListView(RoleRequiredMixin, PortalFilterView):
    """A manager's problems; for IRO, the review queue (submitted ones first)."""

    required_roles = (Role.IRO, Role.MANAGER)
    filterset_class = ProblemFilter
    template_name = "industries/problem_list.html"

    def get_queryset(self):
        return (
            ProblemRequest.objects.visible_to(self.request.user)
            .select_related("unit__area", "unit__cluster")
            .order_by("-submitted_at", "-created_at", "-id")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if self.request.user.is_iro_staff and not self.request.GET:
            kwargs["data"] = {"status": Status.SUBMITTED}
        return kwargs


class ProblemCreateView(RoleRequiredMixin, CreateView):
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
        self.object = services.problem_create(
            form=form, unit=form.cleaned_data["unit"], actor=self.request.user
        )
        messages.success(
            self.request,
            _("The draft is saved. Add attachments if you like, then submit it."),
        )
        return redirect(self.object)


def problem_edit(request, pk):
    problem = get_problem_for_user(request.user, pk)
    require_problem_manager(request.user, problem)
    if not problem.is_editable:
        messages.error(
            request, _("A problem can only be changed while it is a draft or returned.")
        )
        return redirect(problem)
    form = ProblemForm(request.POST or None, instance=problem)
    if request.method == "POST" and form.is_valid():
        if run_service(
            request,
            services.problem_update,
            form=form,
            actor=request.user,
            success_message=_("The problem has been saved."),
        ):
            return redirect(problem)
    return render(
        request, "industries/problem_form.html", {"form": form, "object": problem}
    )


@dataclass(frozen=True)
class Action:
    url_name: str
    label: str
    style: str
    with_comment: bool = False
    confirm: str = ""


def problem_actions(user, problem):
    """The moves this person may make on this problem now (the table decides)."""
    allowed = allowed_transitions(problem)
    actions = []
    if manages_unit(user, problem.unit):
        if Status.SUBMITTED in allowed:
            actions.append(Action("problem-submit", _("Submit for review"), "primary"))
        if Status.WITHDRAWN in allowed:
            actions.append(
                Action(
                    "problem-withdraw",
                    _("Withdraw"),
                    "outline-danger",
                    confirm=_("Withdraw this problem? This cannot be undone."),
                )
            )
    if user.is_iro_staff and problem.status == Status.SUBMITTED:
        actions += [
            Action("problem-approve", _("Approve and publish"), "success", True),
            Action("problem-return", _("Return for changes"), "warning", True),
            Action("problem-reject", _("Reject"), "danger", True),
        ]
    return actions


def problem_detail(request, pk, attachment_form=None):
    problem = get_problem_for_user(request.user, pk)
    can_edit = problem.is_editable and manages_unit(request.user, problem.unit)
    actions = problem_actions(request.user, problem)
    context = {
        "problem": problem,
        "fields_needed": problem.fields_needed.all(),
        "attachments": problem.attachments.all(),
        "trail": audit_trail(problem),
        "can_edit": can_edit,
        "actions": [a for a in actions if not a.with_comment],
        "review_actions": [a for a in actions if a.with_comment],
        "comment_form": CommentForm(),
        "attachment_form": attachment_form or (AttachmentForm() if can_edit else None),
    }
    return render(request, "industries/problem_detail.html", context)


def problem_move(request, pk, service, success_message, **extra):
    problem = get_problem_for_user(request.user, pk)
    run_service(
        request,
        service,
        problem=problem,
        actor=request.user,
        success_message=success_message,
        **extra,
    )
    return redirect(problem)


@require_POST
def problem_submit(request, pk):
    return problem_move(
        request, pk, services.problem_submit, _("Submitted for review.")
    )


@require_POST
def problem_withdraw(request, pk):
    return problem_move(
        request, pk, services.problem_withdraw, _("The problem has been withdrawn.")
    )


@require_POST
def problem_approve(request, pk):
    return problem_move(
        request,
        pk,
        services.problem_approve,
        _("Approved: the problem is now in the public catalogue."),
        note=posted_text(request, "comment"),
    )


@require_POST
def problem_return(request, pk):
    return problem_move(
        request,
        pk,
        services.problem_return,
        _("Returned to the manager with your comment."),
        comment=posted_text(request, "comment"),
    )


@require_POST
def problem_reject(request, pk):
    return problem_move(
        request,
        pk,
        services.problem_reject,
        _("The problem has been rejected."),
        comment=posted_text(request, "comment"),
    )


@require_POST
def attachment_add(request, pk):
    problem = get_problem_for_user(request.user, pk)
    require_problem_manager(request.user, problem)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return problem_detail(request, pk, attachment_form=form)
    try:
        services.attachment_add(
            problem=problem, upload=form.cleaned_data["file"], actor=request.user
        )
    except ValidationError as error:
        form.add_error("file", error)
        return problem_detail(request, pk, attachment_form=form)
    messages.success(request, _("The file has been attached."))
    return redirect(reverse("industries:problem-detail", kwargs={"pk": pk}))


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
