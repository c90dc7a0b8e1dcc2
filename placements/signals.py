"""What later apps hear about placements (certificates are made from completions;
placements may not import them)."""

from django.dispatch import Signal

# Sent inside the completing transaction, with ``placement`` and ``actor``.
placement_completed = Signal()
