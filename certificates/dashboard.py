"""Dashboard panels: a student's certificates, a supervisor's to sign, the office's
queues."""

from django.db.models import Count, Q

from partner_portal.dashboard import register_panel
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
