"""Who may move a certificate, from where to where, and when.

The one declaration of the certificate workflow; services, views, templates and the
admin ask it (see ``partner_portal.workflow``).

pending_signature ─sign→ signed ─render→ rendering ─issue→ issued
                                 ↑            └─fail→ failed ─render→ rendering …
                                 └──── rerender (the office) ─┘
and the office may revoke from any state but revoked.
"""

from django.utils.translation import gettext_lazy as _

from partner_portal.workflow import Move, Note, Workflow

from .models import Certificate

C = Certificate.Status


def is_iro(user, certificate):
    return user.is_iro_staff


def is_the_supervisor(user, certificate):
    supervisor = certificate.placement.team.supervisor
    return supervisor is not None and supervisor.user_id == user.pk


certificate_moves = Workflow(
    Certificate,
    url_namespace="certificates",
    url_prefix="certificate",
    object_arg="certificate",
    moves=[
        Move(
            "sign",
            sources=frozenset({C.PENDING_SIGNATURE}),
            target=C.SIGNED,
            who=is_the_supervisor,
            label=_("Sign"),
            style="success",
            done=_("Signed: the certificate is being issued."),
        ),
        # The worker's moves: one worker claims the rendering, then issues the PDF
        # or records the failure (a failed rendering is claimed again by a retry).
        Move(
            "render",
            sources=frozenset({C.SIGNED, C.FAILED, C.RENDERING}),
            target=C.RENDERING,
            who=None,
        ),
        Move("issue", sources=frozenset({C.RENDERING}), target=C.ISSUED, who=None),
        Move(
            "fail",
            sources=frozenset({C.RENDERING, C.FAILED}),
            target=C.FAILED,
            who=None,
        ),
        Move(
            "rerender",
            sources=frozenset({C.ISSUED, C.FAILED}),
            target=C.SIGNED,
            who=is_iro,
            label=_("Render again"),
            style="outline-secondary",
            done=_("The PDF is being rendered again."),
        ),
        Move(
            "revoke",
            sources=frozenset(
                {C.PENDING_SIGNATURE, C.SIGNED, C.RENDERING, C.ISSUED, C.FAILED}
            ),
            target=C.REVOKED,
            who=is_iro,
            label=_("Revoke"),
            style="outline-danger",
            note=Note.REQUIRED,
            note_label=_("Write the reason; the verification page shows it."),
            confirm=_(
                "Revoke this certificate? Its code will answer “revoked” for ever; "
                "this cannot be undone."
            ),
            done=_("The certificate has been revoked."),
        ),
    ],
)
