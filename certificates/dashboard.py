"""Dashboard panels: a student's certificates, a supervisor's to sign, the office's
queues."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partner_portal.dashboard import (
    Tile,
    register_activity,
    register_panel,
    register_tiles,
)
from partner_portal.models import Role

from .models import Certificate

C = Certificate.Status


def student_panel(request):
    mine = Certificate.objects.filter(student__user=request.user).order_by(
        "-created_at", "-pk"
    )
    return {"certificates": list(mine[:5])}


def professor_panel(request):
    return {
        "to_sign": Certificate.objects.awaiting_signature_of(request.user).count(),
    }


def iro_panel(request):
    return Certificate.objects.aggregate(
        pending=Count("pk", filter=Q(status=C.PENDING_SIGNATURE)),
        waiting=Count("pk", filter=Q(status__in=[C.SIGNED, C.RENDERING])),
        failed=Count("pk", filter=Q(status=C.FAILED)),
        issued=Count("pk", filter=Q(status=C.ISSUED)),
    )


register_panel(Role.STUDENT, "certificates/panels/student.html", student_panel, 16)
register_panel(Role.PROFESSOR, "certificates/panels/professor.html", professor_panel, 3)
register_panel(Role.IRO, "certificates/panels/iro.html", iro_panel, order=17)


# --- Stat tiles and recent activity --------------------------------------------------


def register_url(status):
    return f"{reverse('certificates:certificates')}?status={status}"


def student_tiles(request):
    issued = Certificate.objects.filter(
        student__user=request.user, status=C.ISSUED
    ).count()
    return [
        Tile(
            _("My certificates"),
            issued,
            reverse("certificates:certificates"),
            icon="award",
        )
    ]


def professor_tiles(request):
    to_sign = Certificate.objects.awaiting_signature_of(request.user).count()
    return [
        Tile(
            _("Certificates to sign"),
            to_sign,
            register_url(C.PENDING_SIGNATURE),
            icon="pen",
            attention=bool(to_sign),
        )
    ]


def iro_tiles(request):
    counts = Certificate.objects.aggregate(
        pending=Count("pk", filter=Q(status=C.PENDING_SIGNATURE)),
        failed=Count("pk", filter=Q(status=C.FAILED)),
    )
    tiles = [
        Tile(
            _("Certificates awaiting signature"),
            counts["pending"],
            register_url(C.PENDING_SIGNATURE),
            icon="pen",
        )
    ]
    if counts["failed"]:
        tiles.append(
            Tile(
                _("Certificates whose rendering failed"),
                counts["failed"],
                register_url(C.FAILED),
                icon="exclamation-octagon",
                attention=True,
            )
        )
    return tiles


def student_activity(user):
    return [(Certificate, Certificate.objects.filter(student__user=user).values("pk"))]


def professor_activity(user):
    return [
        (
            Certificate,
            Certificate.objects.filter(placement__team__supervisor__user=user).values(
                "pk"
            ),
        )
    ]


register_tiles(Role.STUDENT, student_tiles, order=40)
register_tiles(Role.PROFESSOR, professor_tiles, order=30)
register_tiles(Role.IRO, iro_tiles, order=40)
register_activity(Role.STUDENT, student_activity)
register_activity(Role.PROFESSOR, professor_activity)


def landing_panel(request):
    return {"issued": Certificate.objects.filter(status=C.ISSUED).count()}


register_panel("landing", "certificates/panels/landing.html", landing_panel, order=40)
