import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from . import forms, invitations, verification
from .access import RoleRequiredMixin, role_required
from .caching import cached
from .dashboard import panels_for, recent_activity, tiles_for
from .i18n import isolate
from .models import Invitation, Role
from .security import unlock_account
from .services import user_register
from .verification import send_verification
from .views_helpers import FormMethodsMixin, make_move, require_form_methods

READYZ_TIMEOUT_SECONDS = 0.5

# The order in which /dashboard/ picks a person's first dashboard.
DASHBOARD_ORDER = [Role.IRO, Role.MANAGER, Role.PROFESSOR, Role.STUDENT]


@require_safe
@login_not_required
def landing(request):
    # The figures are the same for every visitor: counted once per change.
    panels = cached(
        "landing",
        lambda: panels_for("landing", request),
        settings.PORTAL["FIGURES_CACHE_SECONDS"],
    )
    return render(request, "partner_portal/landing.html", {"panels": panels})


@require_safe
@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def database_ready():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def broker_ready():
    """A Redis broker answers PING within READYZ_TIMEOUT_SECONDS (so a load
    balancer's probe gets its answer in time); the in-process broker of the
    embedded setup is always there."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return True
    client = redis.Redis.from_url(
        url,
        socket_timeout=READYZ_TIMEOUT_SECONDS,
        socket_connect_timeout=READYZ_TIMEOUT_SECONDS,
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@require_safe
@login_not_required
def readyz(request):
    """Ready for traffic: the database and the broker answer (200), or 503 with
    what did not ("unavailable"). For a load balancer; /healthz/ only says the
    process serves."""
    checks = {"database": database_ready(), "broker": broker_ready()}
    return JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )


@require_safe
def dashboard(request):
    for role in DASHBOARD_ORDER:
        if request.user.has_role(role):
            return redirect(f"dashboard-{role}")
    return render(request, "partner_portal/no_role.html")


class RoleDashboardView(RoleRequiredMixin, TemplateView):
    template_name = "partner_portal/dashboard.html"
    role: Role | None = None

    def dispatch(self, request, *args, **kwargs):
        self.required_roles = (self.role,)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            role=self.role,
            other_roles=[r for r in self.request.user.roles if r != self.role],
            tiles=tiles_for(self.role, self.request),
            panels=panels_for(self.role, self.request),
            activity=recent_activity(self.role, self.request.user),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class SignupView(FormMethodsMixin, FormView):
    template_name = "registration/signup.html"
    form_class = forms.SignupForm
    role: Role | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = user_register(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                password=form.cleaned_data["password1"],
                role=self.role,
                language=translation.get_language(),
            )
        except ValidationError as refusal:
            form.add_error("email", refusal)
            return self.form_invalid(form)
        transaction.on_commit(lambda: send_verification(user), robust=True)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome! Your account has been created."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse_lazy("email-verify")

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class LoginView(FormMethodsMixin, auth_views.LoginView):
    form_class = forms.LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(FormMethodsMixin, auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(FormMethodsMixin, auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(FormMethodsMixin, auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm

    def form_valid(self, form):
        # Whoever can read the account's mail may log in again at once, however
        # many guesses others made (see partner_portal/security.py).
        unlock_account(form.user.email)
        # The link came by mail: whoever used it reads the address.
        if not form.user.email_verified:
            form.user.email_verified_at = timezone.now()
        return super().form_valid(form)


class ProfileView(FormMethodsMixin, UpdateView):
    form_class = forms.ProfileForm
    template_name = "partner_portal/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile has been saved."))
        return super().form_valid(form)


def login_locked_out(request, original_response=None, credentials=None):
    """What axes answers while an account is locked after too many failures."""
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )


# --- Proving one's address, and the office's invitations ------------------------------


@require_form_methods
def email_verify(request):
    """Where an account with an unproved address lands: what to do, and a button
    that sends the link again."""
    if request.user.email_verified:
        return redirect("dashboard")
    if request.method == "POST":
        send_verification(request.user)
        messages.success(
            request,
            _("A new link is on its way to %(email)s.")
            % {"email": isolate(request.user.email)},
        )
        return redirect("email-verify")
    return render(request, "registration/email_verify.html")


@require_form_methods
def email_verify_confirm(request, token):
    """The mailed link: a page with one button (mail scanners that open links must
    not confirm anything), which confirms the address of the account logged in."""
    try:
        verification.check_token(user=request.user, token=token)
        if request.method == "POST":
            verification.email_verify(user=request.user, token=token)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("email-verify")
    if request.method == "POST":
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("dashboard")
    return render(request, "registration/email_verify_confirm.html")


@login_not_required
@require_form_methods
def invitation_open(request, token):
    """The page an invitation's link opens: the invitee accepts it, choosing a
    password first when the account has none or has never proved its address."""
    invitation = invitations.invitation_for_token(token)
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", status=404)
    try:
        invitations.check_may_accept(invitation, None)
    except ValidationError as refusal:
        return render(
            request,
            "registration/invitation_invalid.html",
            {"reason": " ".join(refusal.messages)},
            status=410,
        )
    person = request.user if request.user.is_authenticated else None
    if person is not None and person.pk != invitation.user_id:
        return render(
            request,
            "registration/invitation_other_account.html",
            {"invitation": invitation},
            status=403,
        )
    choose_password = invitations.needs_password(invitation)
    if not choose_password and person is None:
        return redirect_to_login(request.get_full_path())
    form = (
        forms.SetPasswordForm(invitation.user, request.POST or None)
        if choose_password
        else None
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        accepted = invitations.invitation_accept(
            invitation=invitation,
            person=None if choose_password else person,
            password=form.cleaned_data["new_password1"] if form else None,
        )
        if choose_password:
            unlock_account(accepted.user.email)
            login(
                request,
                accepted.user,
                backend="django.contrib.auth.backends.ModelBackend",
            )
        messages.success(
            request,
            _("Welcome: you are now %(role)s on the portal.")
            % {"role": Role(invitation.role).label},
        )
        return redirect("dashboard")
    return render(
        request,
        "registration/invitation_open.html",
        {"invitation": invitation, "form": form},
    )


class InvitationListView(RoleRequiredMixin, ListView):
    """The office's invitations, newest first, with what can be done to each."""

    required_roles = (Role.IRO,)
    template_name = "partner_portal/invitation_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Invitation.objects.select_related("user", "created_by").order_by(
            "-sent_at", "-id"
        )


@require_POST
@role_required(Role.IRO)
def invitation_move(request, pk, move):
    invitation = get_object_or_404(Invitation, pk=pk)
    make_move(request, invitation, move)
    return redirect("invitation-list")
