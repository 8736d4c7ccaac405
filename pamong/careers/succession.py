"""Succession for key posts: candidates from boxes 7-9 who meet the post's requirements,
ranked with the reasons shown; posts without a ready successor; posts held by a Plt. too long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.careers import rules, talent
from pamong.careers.models import KeyPost
from pamong.careers.talent_selectors import nine_box
from pamong.core.actor import Actor
from pamong.org.models import Employee, EmployeeStatus

EDUCATION_ORDER = ["SD", "SMP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
EDU_RANK = {e: i for i, e in enumerate(EDUCATION_ORDER)}
EDU_RANK["S1"] = EDU_RANK["D4"]  # D-IV and S-1 are the same level

PLT_RULE = rules.RuleSource(
    gettext_lazy("Batas masa jabatan Plt. per jabatan kunci (bawaan 6 bulan)"),
    gettext_lazy("pengaturan pemda (belum terkonfirmasi)"),
    None,
    confirmed=False,
)


@dataclass
class Candidate:
    employee_id: int
    nip: str
    name: str
    golongan: str
    education: str
    box: int
    reasons: list[str]


@dataclass
class PostPlan:
    post: KeyPost
    candidates: list[Candidate] = field(default_factory=list)
    holder: str = ""
    plt_overdue: bool = False
    plt_until: dt.date | None = None

    @property
    def ready(self) -> bool:
        return any(c.box == 9 for c in self.candidates)


def succession_plans(actor: Actor, year: int, today: dt.date, limit: int = 5) -> list[PostPlan]:
    """Every key post with its ranked candidates (the 9-box of `year`, boxes 7-9)."""
    grid = nine_box(actor, year)
    pool = {pk: box for pk, box in grid.boxes.items() if box in talent.SUCCESSION_POOL}
    people = list(
        Employee.objects.filter(
            tenant=actor.tenant, pk__in=list(pool), status=EmployeeStatus.AKTIF
        ).values("id", "nip", "name", "golongan", "education", "position_id")
    )
    posts = list(KeyPost.objects.filter(tenant=actor.tenant).select_related("position"))
    holders = dict(
        Employee.objects.filter(
            tenant=actor.tenant,
            position_id__in=[p.position_id for p in posts],
            status=EmployeeStatus.AKTIF,
        ).values_list("position_id", "name")
    )
    plans = []
    for post in posts:
        plan = PostPlan(post=post, holder=holders.get(post.position_id, ""))
        if post.plt_since is not None:
            plan.plt_until = rules.add_months(post.plt_since, post.plt_max_months)
            plan.plt_overdue = today > plan.plt_until
        min_gol = rules.golongan_rank(post.min_golongan)
        min_edu = EDU_RANK.get(post.min_education, 0)
        found = []
        for p in people:
            if p["position_id"] == post.position_id:
                continue  # the holder is not their own successor
            if rules.golongan_rank(p["golongan"]) < min_gol:
                continue
            if EDU_RANK.get(p["education"], -1) < min_edu:
                continue
            box = pool[p["id"]]
            reasons = [
                _("kotak %(b)s") % {"b": box},
                _("golongan %(g)s ≥ %(m)s") % {"g": p["golongan"], "m": post.min_golongan},
                _("pendidikan %(e)s ≥ %(m)s") % {"e": p["education"], "m": post.min_education},
            ]
            found.append(
                Candidate(p["id"], p["nip"], p["name"], p["golongan"], p["education"], box, reasons)
            )
        found.sort(
            key=lambda c: (-c.box, -rules.golongan_rank(c.golongan), -EDU_RANK[c.education], c.name)
        )
        plan.candidates = found[:limit]
        plans.append(plan)
    return plans
