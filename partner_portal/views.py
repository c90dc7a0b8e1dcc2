from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, TemplateView, UpdateView

from . import forms
from .access import RoleRequiredMixin
from .dashboard import panels_for
from .models import Role
from .notifications import mark_read
from .security import unlock_account
from .services import user_register
from .views_helpers import FormMethodsMixin

# The order in which /dashboard/ picks a person's first dashboard.
DASHBOARD_ORDER = [Role.IRO, Role.MANAGER, Role.PROFESSOR, Role.STUDENT]


@require_safe
@login_not_required
def landing(request):
    return render(
        request,
        "partner_portal/landing.html",
        {"panels": panels_for("landing", request)},
    )


@require_safe
@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
            panels=panels_for(self.role, self.request),
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
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome! Your account has been created."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse_lazy("dashboard")

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


@require_safe
def notification_list(request):
    page = Paginator(request.user.notifications.all(), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "partner_portal/notifications.html", {"page_obj": page})


@require_POST
def notifications_mark_read(request):
    mark_read(user=request.user)
    return redirect("notifications")


def login_locked_out(request, original_response=None, credentials=None):
    """What axes answers while an account is locked after too many failures."""
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )
