"""Role checks for views. Object-level access goes through each app's
``visible_to(user)`` querysets and ``get_<thing>_for_user`` helpers."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models

from .models import Role


def user_has_role(user, *roles):
    return user.is_authenticated and user.is_active and user.has_role(*roles)


def require_iro(user):
    """For services: only the Industry Relations Office may do this (403)."""
    if not user_has_role(user, Role.IRO):
        raise PermissionDenied


class RoleRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; users without one of the roles get 403."""

    required_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_role(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles):
    """Function-view form of RoleRequiredMixin."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ScopedQuerySet(models.QuerySet):
    """``visible_to(user)``: nothing for visitors and deactivated accounts, everything
    for IRO staff, and for everyone else what ``visible_to_participant`` allows."""

    def visible_to(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_iro_staff:
            return self.all()
        return self.visible_to_participant(user)

    def visible_to_participant(self, user):
        return self.none()
