"""Every SKP and evaluation state change. Views and commands call these; each checks the actor."""

from pamong.appraisal.services.acting import (
    acting_assign,
    acting_for,
    acting_subordinates,
    penilai_id_for,
)
from pamong.appraisal.services.calibration import (
    calibration_adjust,
    calibration_finalize,
    can_calibrate,
    lock_for,
)
from pamong.appraisal.services.common import (
    OBJECTION_DAYS,
    PERIOD_RE,
    objection_days,
    tenant_today,
)
from pamong.appraisal.services.evaluation import (
    can_decide,
    can_finalize,
    evaluation_acknowledge,
    evaluation_finalize,
    evaluation_rate,
    objection_deadline,
    objection_decide,
    objection_file,
)
from pamong.appraisal.services.lampiran import skp_expectations_set, skp_lampiran_update
from pamong.appraisal.services.peer import (
    MIN_PEER_ANSWERS,
    PeerSummary,
    peer_answer,
    peer_request,
    peer_summary,
)
from pamong.appraisal.services.skp import (
    feedback_add,
    indicator_add,
    indicator_delete,
    realisation_record,
    rhk_add,
    rhk_delete,
    rhk_update,
    skp_approve,
    skp_create,
    skp_return,
    skp_snapshot,
    skp_submit,
)

__all__ = [
    "acting_assign",
    "acting_for",
    "acting_subordinates",
    "penilai_id_for",
    "MIN_PEER_ANSWERS",
    "PeerSummary",
    "peer_answer",
    "peer_request",
    "peer_summary",
    "OBJECTION_DAYS",
    "PERIOD_RE",
    "calibration_adjust",
    "calibration_finalize",
    "can_calibrate",
    "can_decide",
    "lock_for",
    "can_finalize",
    "evaluation_acknowledge",
    "evaluation_finalize",
    "evaluation_rate",
    "feedback_add",
    "indicator_add",
    "indicator_delete",
    "objection_deadline",
    "objection_days",
    "objection_decide",
    "objection_file",
    "realisation_record",
    "rhk_add",
    "rhk_delete",
    "rhk_update",
    "skp_approve",
    "skp_create",
    "skp_expectations_set",
    "skp_lampiran_update",
    "skp_return",
    "skp_snapshot",
    "skp_submit",
    "tenant_today",
]
