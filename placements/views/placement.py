"""A placement's page, and what its people do on it, stage by stage."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from partner_portal.views_helpers import (
    make_move,
    open_stored_file,
    require_form_methods,
    run_service,
)
from partner_portal.workflow import audit_trail, may_move
from teams.permissions import get_team_for_user

from .. import services
from ..forms import (
    CompletionForm,
    DocumentForm,
    EvaluationForm,
    FindingsForm,
    GradeForm,
    MilestonePlanFormSet,
    ProgressForm,
    ProposalForm,
    SelectionForm,
    VisitForm,
)
from ..models import (
    Document,
    DocumentVersion,
    Milestone,
    Placement,
    SiteVisit,
    SolutionProposal,
)
from ..moves import placement_moves
from ..permissions import (
    get_placement_for_user,
    is_supervisor,
    is_team_member,
    manages_placement_unit,
)


def roles_in(user, placement):
    """What the person is to this placement (a person may be several)."""
    return {
        "member": is_team_member(user, placement),
        "supervisor": is_supervisor(user, placement),
        "manager": manages_placement_unit(user, placement),
        "office": user.is_iro_staff,
    }


def placement_page(request, placement, **forms):
    user = request.user
    role = roles_in(user, placement)
    proposals = list(
        placement.proposals.prefetch_related(
            "milestones",
            Prefetch(
                "documents",
                queryset=Document.objects.prefetch_related("versions"),
            ),
        )
    )
    milestones = []
    if placement.selected_proposal_id:
        milestones = list(
            Milestone.objects.filter(proposal_id=placement.selected_proposal_id)
            .prefetch_related("reports__author", "reports__documents__versions")
            .order_by("weeks", "id")
        )
        # Each milestone's moves ask about its placement: the page's own objects
        # answer without a query per milestone.
        selected = next(p for p in proposals if p.pk == placement.selected_proposal_id)
        for milestone in milestones:
            milestone.proposal = selected
    members = list(
        placement.team.memberships.select_related(
            "enrolment__student__user", "enrolment__student__field"
        ).order_by("ended_at", "enrolment__student__user__full_name")
    )
    grades = {g.enrolment_id: g for g in placement.grades.all()}
    for membership in members:
        membership.grade = grades.get(membership.enrolment_id)
    stage = placement.status
    executing = stage == Placement.Status.EXECUTION
    context = {
        "placement": placement,
        "team": placement.team,
        "problem": placement.team.problem,
        "role": role,
        "members": members,
        "managers": services.managers_of(placement),
        "documents": placement.documents.filter(proposal=None, report=None)
        .prefetch_related("versions__uploaded_by")
        .order_by("kind", "title"),
        "proposals": proposals,
        "milestones": milestones,
        "evaluation": getattr(placement, "evaluation", None),
        "grades": grades,
        "trail": audit_trail(placement),
        "stages": stages_of(placement),
        # The rationale of a selection marked internal is not for the students.
        "shows_rationale": not placement.rationale_internal
        or role["supervisor"]
        or role["manager"]
        or role["office"],
        "unconfirmed": [
            m for m in milestones if m.status != Milestone.Status.CONFIRMED
        ],
    }
    visits = list(placement.visits.select_related("scheduled_by"))
    context["visits"] = visits
    if placement.is_open and (role["member"] or role["supervisor"]):
        # One form per visit still without findings, and per milestone the team
        # may report: each with its own prefix, the one just posted with its errors.
        posted = forms.get("findings_form")
        for visit in visits:
            if not visit.findings:
                visit.findings_form = (
                    posted
                    if posted and posted.prefix == visit_prefix(visit)
                    else FindingsForm(prefix=visit_prefix(visit))
                )
    if executing and role["member"]:
        posted = forms.get("progress_form")
        for milestone in milestones:
            if milestone.awaits_report:
                milestone.progress_form = (
                    posted
                    if posted and posted.prefix == milestone_prefix(milestone)
                    else ProgressForm(prefix=milestone_prefix(milestone))
                )
    if placement.is_open:
        if any(role.values()):
            context["visit_form"] = forms.get("visit_form") or VisitForm()
            context["document_form"] = forms.get("document_form") or DocumentForm(
                placement=placement
            )
        if stage == Placement.Status.SELECTION and role["manager"]:
            context["selection_form"] = forms.get("selection_form") or SelectionForm(
                placement=placement
            )
        if executing and role["manager"]:
            evaluation = context["evaluation"]
            context["evaluation_form"] = forms.get("evaluation_form") or (
                EvaluationForm(
                    initial={
                        "quality": evaluation.quality,
                        "timeliness": evaluation.timeliness,
                        "communication": evaluation.communication,
                        "comment": evaluation.comment,
                    }
                    if evaluation
                    else None
                )
            )
            context["completion_form"] = forms.get("completion_form") or (
                CompletionForm()
            )
            context["may_complete"] = may_move(user, placement, "complete")
        if executing and role["supervisor"]:
            context["grade_forms"] = forms.get("grade_forms") or grade_forms(
                members, grades
            )
    # The assessment stage is for the report: its upload form opens by itself.
    context["awaits_assessment_report"] = stage == Placement.Status.ASSESSMENT and (
        not any(d.kind == Document.Kind.ASSESSMENT for d in context["documents"])
    )
    context["drafts_proposals"] = stage == Placement.Status.PROPOSAL and role["member"]
    return render(request, "placements/placement_detail.html", context)


def visit_prefix(visit):
    return f"visit-{visit.pk}"


def milestone_prefix(milestone):
    return f"milestone-{milestone.pk}"


def stages_of(placement):
    """The path of a placement, with where it is on it."""
    path = [*Placement.OPEN, Placement.Status.COMPLETED]
    if placement.status == Placement.Status.CANCELLED:
        return [{"label": Placement.Status.CANCELLED.label, "current": True}]
    here = path.index(placement.status)
    return [
        {
            "label": Placement.Status(stage).label,
            "done": index < here,
            "current": index == here,
        }
        for index, stage in enumerate(path)
    ]


def grade_forms(members, grades, data=None):
    forms = []
    for membership in members:
        if membership.ended_at is not None:
            continue
        grade = grades.get(membership.enrolment_id)
        initial = (
            {"passed": grade.passed, "score": grade.score, "hours": grade.hours}
            if grade
            else {"passed": True}
        )
        forms.append(
            (
                membership,
                GradeForm(
                    data,
                    prefix=f"grade-{membership.enrolment_id}",
                    initial=initial,
                ),
            )
        )
    return forms


@require_safe
def placement_detail(request, pk):
    return placement_page(request, get_placement_for_user(request.user, pk))


@require_POST
def placement_move(request, pk, move):
    placement = get_placement_for_user(request.user, pk)
    make_move(request, placement, move)
    return redirect(placement)


@require_POST
def dispatch_team(request, pk):
    team = get_team_for_user(request.user, pk)
    placement = run_service(
        request,
        services.placement_dispatch,
        team=team,
        actor=request.user,
        success_message=_("The team has been dispatched to the unit."),
    )
    return redirect(placement or team)


# --- Assessment -------------------------------------------------------------------


@require_POST
def visit_schedule(request, pk):
    placement = get_placement_for_user(request.user, pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        return placement_page(request, placement, visit_form=form)
    run_service(
        request,
        services.visit_schedule,
        placement=placement,
        actor=request.user,
        success_message=_("The site visit is set; everyone has been told."),
        **form.cleaned_data,
    )
    return redirect(placement)


@require_POST
def visit_findings(request, pk):
    visit = get_object_or_404(SiteVisit, pk=pk)
    placement = get_placement_for_user(request.user, visit.placement_id)
    user = request.user
    require_role(is_team_member(user, placement) or is_supervisor(user, placement))
    form = FindingsForm(request.POST, prefix=visit_prefix(visit))
    if form.is_valid():
        try:
            services.visit_record_findings(
                visit=visit, findings=form.cleaned_data["findings"], actor=user
            )
        except ValidationError as refusal:
            form.add_error("findings", refusal)
        else:
            messages.success(request, _("The findings have been saved."))
            return redirect(placement)
    return placement_page(request, placement, findings_form=form)


# --- Documents --------------------------------------------------------------------


@require_POST
def document_upload(request, pk):
    placement = get_placement_for_user(request.user, pk)
    form = DocumentForm(request.POST, request.FILES, placement=placement)
    if not form.is_valid():
        return placement_page(request, placement, document_form=form)
    data = form.cleaned_data
    try:
        services.document_upload(
            placement=placement,
            actor=request.user,
            upload=data["file"],
            kind=data["kind"],
            title=data["title"],
            document=data["document"],
        )
    except ValidationError as refusal:
        form.add_error("file", refusal)
        return placement_page(request, placement, document_form=form)
    messages.success(request, _("The document has been uploaded."))
    return redirect(placement)


@require_safe
def document_download(request, pk):
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document"), pk=pk
    )
    get_placement_for_user(request.user, version.document.placement_id)
    response = FileResponse(
        open_stored_file(version.file),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Proposals --------------------------------------------------------------------


def proposal_form_page(request, placement, proposal=None):
    if not is_team_member(request.user, placement):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal)
    initial = (
        [
            {"title": m.title, "deliverable": m.deliverable, "weeks": m.weeks}
            for m in proposal.milestones.all()
        ]
        if proposal
        else None
    )
    plan = MilestonePlanFormSet(request.POST or None, initial=initial, prefix="plan")
    if request.method == "POST" and form.is_valid() and plan.is_valid():
        milestones = [
            (row["title"], row["deliverable"], row["weeks"])
            for row in plan.cleaned_data
            if row and not row.get("DELETE")
        ]
        saved = run_service(
            request,
            services.proposal_save,
            placement=placement,
            proposal=proposal,
            actor=request.user,
            milestones=milestones,
            attachment=form.cleaned_data["attachment"],
            success_message=_("The proposal has been saved."),
            **form.values(),
        )
        if saved is not None:
            return redirect(placement)
    return render(
        request,
        "placements/proposal_form.html",
        {
            "placement": placement,
            "proposal": proposal,
            "form": form,
            "plan": plan,
            "attachments": proposal.documents.prefetch_related("versions")
            if proposal
            else [],
        },
    )


@require_form_methods
def proposal_create(request, pk):
    return proposal_form_page(request, get_placement_for_user(request.user, pk))


@require_form_methods
def proposal_edit(request, pk):
    proposal = get_object_or_404(SolutionProposal, pk=pk)
    placement = get_placement_for_user(request.user, proposal.placement_id)
    return proposal_form_page(request, placement, proposal)


@require_POST
def proposal_delete(request, pk):
    proposal = get_object_or_404(SolutionProposal, pk=pk)
    placement = get_placement_for_user(request.user, proposal.placement_id)
    run_service(
        request,
        services.proposal_delete,
        proposal=proposal,
        actor=request.user,
        success_message=_("The proposal has been deleted."),
    )
    return redirect(placement)


def require_role(allowed):
    """A form only its person may post: others are refused before it is read."""
    if not allowed:
        raise PermissionDenied


@require_POST
def placement_select(request, pk):
    placement = get_placement_for_user(request.user, pk)
    require_role(placement_moves["select"].allows(request.user, placement))
    form = SelectionForm(request.POST, placement=placement)
    if not form.is_valid():
        return placement_page(request, placement, selection_form=form)
    run_service(
        request,
        services.placement_select,
        placement=placement,
        proposal=form.cleaned_data["proposal"],
        rationale=form.cleaned_data["rationale"],
        internal=form.cleaned_data["internal"],
        actor=request.user,
        success_message=_("The proposal has been selected; execution starts."),
    )
    return redirect(placement)


# --- Execution and completion -----------------------------------------------------


@require_POST
def milestone_report(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.select_related("proposal__placement"), pk=pk
    )
    placement = get_placement_for_user(request.user, milestone.proposal.placement_id)
    require_role(is_team_member(request.user, placement))
    form = ProgressForm(request.POST, request.FILES, prefix=milestone_prefix(milestone))
    if form.is_valid():
        try:
            services.milestone_report(
                milestone=milestone,
                actor=request.user,
                note=form.cleaned_data["note"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request, _("Reported; the manager has been asked to confirm it.")
            )
            return redirect(placement)
    return placement_page(request, placement, progress_form=form)


@require_POST
def milestone_move(request, pk, move):
    milestone = get_object_or_404(
        Milestone.objects.select_related("proposal__placement"), pk=pk
    )
    placement = get_placement_for_user(request.user, milestone.proposal.placement_id)
    make_move(request, milestone, move)
    return redirect(placement)


@require_POST
def evaluation_save(request, pk):
    placement = get_placement_for_user(request.user, pk)
    require_role(manages_placement_unit(request.user, placement))
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return placement_page(request, placement, evaluation_form=form)
    run_service(
        request,
        services.evaluation_save,
        placement=placement,
        actor=request.user,
        success_message=_("Your evaluation of the team has been saved."),
        **form.cleaned_data,
    )
    return redirect(placement)


@require_POST
def grades_save(request, pk):
    placement = get_placement_for_user(request.user, pk)
    require_role(is_supervisor(request.user, placement))
    members = list(placement.team.memberships.current().select_related(
        "enrolment__student__user"
    ))  # fmt: skip
    forms = grade_forms(members, {}, data=request.POST)
    if not all(form.is_valid() for _membership, form in forms):
        return placement_page(request, placement, grade_forms=forms)
    run_service(
        request,
        services.grades_save,
        placement=placement,
        actor=request.user,
        grades={
            membership.enrolment_id: (
                form.cleaned_data["passed"],
                form.cleaned_data["score"],
                form.cleaned_data["hours"],
            )
            for membership, form in forms
        },
        success_message=_("The grades have been saved."),
    )
    return redirect(placement)


@require_POST
def placement_complete(request, pk):
    placement = get_placement_for_user(request.user, pk)
    form = CompletionForm(request.POST)
    if not form.is_valid():
        return placement_page(request, placement, completion_form=form)
    run_service(
        request,
        services.placement_complete,
        placement=placement,
        actor=request.user,
        note=form.cleaned_data["note"],
        override=form.cleaned_data["override"],
        success_message=_("The placement is completed."),
    )
    return redirect(placement)
