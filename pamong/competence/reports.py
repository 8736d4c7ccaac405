"""The yearly JP ledger report (CSV/XLSX) and the reminders from the third quarter on."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import spreadsheet
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import Tenant, User
from pamong.core.permissions import has_perm

from . import stats
from .models import ReminderSent
from .rules import reminder_season
from .selectors import MANAGE, settings_of

COLUMNS = ["nip", "nama", "jenis_pegawai", "opd", "unit", "tahun", "jp", "target", "kurang"]


def ledger_table(tenant: Tenant, year: int) -> list[list[object]]:
    pns_min, pppk_max, _rules = settings_of(tenant.pk)
    rows: list[list[object]] = []
    for e in stats.ledger_rows(tenant, year, pns_min, pppk_max).iterator(chunk_size=2000):
        missing = max(e.target - e.jp, 0)  # type: ignore[attr-defined]
        rows.append(
            [e.nip, e.name, e.employee_type, e.opd.name if e.opd else "", e.unit.name,
             year, e.jp, e.target, missing]  # type: ignore[attr-defined]
        )  # fmt: skip
    return rows


def ledger_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def ledger_xlsx(rows: list[list[object]], year: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"JP {year}")
    spreadsheet.xlsx_append(sheet, COLUMNS)
    for row in rows:
        spreadsheet.xlsx_append(sheet, row)  # the NIP stays text, the JP are numbers
    binary = io.BytesIO()
    workbook.save(binary)
    return binary.getvalue()


@dataclass
class RemindResult:
    season: bool
    sent: int = 0
    already: int = 0
    preview: list[tuple[str, str]] = field(default_factory=list)


def send_reminders(*, actor: Actor, today: dt.date, dry_run: bool = False) -> RemindResult:
    """From July on, e-mail each employee below their yearly JP, and each supervisor the list
    of their subordinates below it; at most one mail per person per month."""
    tenant = actor.tenant
    if tenant is None or not has_perm(actor, MANAGE):
        raise PermissionDenied
    result = RemindResult(season=reminder_season(today))
    if not result.season:
        return result
    year = today.year
    pns_min, pppk_max, _rules = settings_of(tenant.pk)
    below = list(
        stats.employees_with_jp(tenant, year, pns_min, pppk_max, None)
        .filter(jp__lt=stats.threshold_expr(pns_min, pppk_max))  # type: ignore[misc]
        .values("pk", "name", "jp", "target", "supervisor_id")
    )
    employee_ids = {b["pk"] for b in below} | {
        b["supervisor_id"] for b in below if b["supervisor_id"]
    }
    users = {
        u.employee_id: u
        for u in User.objects.filter(
            tenant=tenant, employee_id__in=employee_ids, is_active=True
        ).exclude(email="")
    }
    messages: dict[int, tuple[User, list[str]]] = {}
    team: dict[int, list[str]] = defaultdict(list)
    for b in below:
        user = users.get(b["pk"])
        if user is not None:
            messages[user.pk] = (
                user,
                [
                    _("JP Anda tahun %(year)s: %(jp)s dari %(target)s JP.")
                    % {"year": year, "jp": b["jp"], "target": b["target"]}
                ],
            )
        if b["supervisor_id"]:
            team[b["supervisor_id"]].append(f"{b['name']}: {b['jp']}/{b['target']} JP")
    for supervisor_id, lines in team.items():
        user = users.get(supervisor_id)
        if user is None:
            continue
        header = _("Bawahan Anda yang JP-nya belum terpenuhi:")
        own = messages.get(user.pk, (user, []))[1]
        messages[user.pk] = (user, [*own, header, *sorted(lines)])
    month = today.replace(day=1)
    sent_before = set(
        ReminderSent.objects.filter(tenant=tenant, month=month, user_id__in=messages).values_list(
            "user_id", flat=True
        )
    )
    result.already = len(sent_before)
    due = [(u, lines) for uid, (u, lines) in messages.items() if uid not in sent_before]
    if dry_run:
        result.preview = [(u.email, str(len(lines))) for u, lines in due]
        return result
    connection = get_connection()
    subject = _("Pengingat pengembangan kompetensi %(year)s") % {"year": year}
    for user, lines in due:
        with transaction.atomic():
            _row, created = ReminderSent.objects.get_or_create(
                tenant=tenant, user=user, month=month
            )
            if not created:
                result.already += 1
                continue
            body = "\n".join([*lines, "", _("Lihat katalog program di Pamong: /kompetensi/")])
            send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
            )
            result.sent += 1
    if result.sent:
        audit(
            actor=actor,
            action="competence.reminders.emailed",
            data={"date": today.isoformat(), "sent": result.sent},
        )
    return result
