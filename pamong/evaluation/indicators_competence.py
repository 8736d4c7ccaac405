"""The competence indicators of the policy evaluation, registered when the app is ready.

Kept apart from indicators.py (which is long enough) and plugged in through its
`register()`, as that module's docstring foresees for the competence app.

realisasi IDP (issue 13, feedback into performance):
- numerator: employees whose JP ledger of the period's year, counting the activities
  completed by the end of the period, reaches the JP planned in their IDP;
- denominator: employees on the books at some point of the period (as the other
  per-employee indicators) with an IDP for the period's year agreed by their supervisor
  and at least 1 JP planned; counted in their current OPD;
- period: the IDP of the year of the semester or year evaluated; for the first semester the
  ledger up to 30 June, so the figure shows progress half-way through the year.
An OPD whose employees have no agreed IDP has no figure ("–"), not 0 %.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from pamong.competence import selectors as competence
from pamong.evaluation.indicators import Context, Indicator, Ratio, register
from pamong.evaluation.trace import SOURCES, Source


def _idp_realisation(ctx: Context) -> dict[Any, Ratio]:
    p = ctx.period
    idp = competence.idp_realisation_per_opd(ctx.tenant.pk, p.year, p.start, p.end)
    # OPDs with employees and no IDP get 0/0 (no figure); OPDs without employees none.
    return {
        o: (idp.get(o, {}).get("met", 0), idp.get(o, {}).get("plans", 0)) for o in ctx.employees
    }


IDP_REALISATION = Indicator(
    "idp_realisation", "competence", _("Realisasi rencana pengembangan individu (IDP)"),
    "Individual development plans carried out",
    _("pegawai yang JP-nya pada tahun periode (kegiatan selesai paling lambat akhir periode) "
      "mencapai JP yang direncanakan dalam IDP"),
    _("pegawai yang tercatat pada periode dengan IDP tahun periode yang disetujui atasan dan "
      "berisi JP"), "%", True, _idp_realisation, source="idp",
)  # fmt: skip


IDP_SOURCE = Source(
    _("Rencana pengembangan individu (IDP)"),
    [("id", "id"), ("employee__nip", _("NIP")), ("year", _("tahun")),
     ("planned_jp", _("JP direncanakan")), ("achieved_jp", _("JP tercapai"))],
    lambda t, p, o: competence.idp_rows(t.pk, p.year, p.start, p.end, o),
    "competence.view_all", True,
)  # fmt: skip


def register_competence_indicators() -> None:
    register(IDP_REALISATION)
    SOURCES["idp"] = IDP_SOURCE
