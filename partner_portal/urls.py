from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import views, views_figures, views_notifications
from .models import Role
from .moves import invitation_moves

account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "signup/student/",
        views.SignupView.as_view(role=Role.STUDENT),
        name="signup-student",
    ),
    path(
        "signup/manager/",
        views.SignupView.as_view(role=Role.MANAGER),
        name="signup-manager",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("verify/", views.email_verify, name="email-verify"),
    path(
        "verify/<str:token>/",
        views.email_verify_confirm,
        name="email-verify-confirm",
    ),
    path(
        "invitation/<str:token>/",
        views.invitation_open,
        name="invitation-open",
    ),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("", views.landing, name="landing"),
    path("accounts/", include(account_patterns)),
    path("dashboard/", views.dashboard, name="dashboard"),
    *[
        path(
            f"dashboard/{role}/",
            views.RoleDashboardView.as_view(role=role),
            name=f"dashboard-{role}",
        )
        for role in Role
    ],
    path("dashboard/iro/figures/", views_figures.figures, name="figures"),
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path(
        "notifications/read/",
        views_notifications.notifications_mark_read,
        name="notifications-mark-read",
    ),
    path(
        "notifications/<int:pk>/open/",
        views_notifications.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/settings/",
        views_notifications.NotificationSettingsView.as_view(),
        name="notification-settings",
    ),
    path("invitations/", views.InvitationListView.as_view(), name="invitation-list"),
    *invitation_moves.urlpatterns("invitations/<int:pk>/", views.invitation_move),
    path("", include("industries.urls")),
    path("", include("teams.urls")),
    path("", include("placements.urls")),
    path("", include("certificates.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
