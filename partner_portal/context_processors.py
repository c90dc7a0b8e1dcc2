from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Notification, Role


def program_numbers():
    """The program's numbers that pages mention (team sizes, number of choices)."""
    return {
        "team_min": settings.PORTAL["TEAM_MIN_SIZE"],
        "team_max": settings.PORTAL["TEAM_MAX_SIZE"],
        "max_interests": settings.PORTAL["MAX_INTERESTS"],
    }


def portal(request):
    user = getattr(request, "user", None)
    context = {"Role": Role, "program": program_numbers()}
    if user is None or not user.is_authenticated:
        return context
    return {
        **context,
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.filter(
                recipient=user, read_at__isnull=True
            ).count()
        ),
    }
