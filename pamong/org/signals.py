"""Signals other apps listen to without org importing them (org sits below them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that moved employees to another OPD.
# kwargs: actor, moves = [(employee_id, old_opd_id, new_opd_id), ...]
employees_transferred = Signal()
