from django.utils.functional import SimpleLazyObject

from .models import Notification, Role


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"Role": Role}
    return {
        "Role": Role,
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.filter(
                recipient=user, read_at__isnull=True
            ).count()
        ),
    }
