"""Running an inspection: read the site (HTTP or database), check, score, store, and follow up
the site's open rectification items (the next check verifies them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.inspection import permissions
from gongkai.inspection.checks import run_checks
from gongkai.inspection.crawler import CrawlOptions, crawl
from gongkai.inspection.dbsource import read_site
from gongkai.inspection.models import Finding, InspectedSite, Inspection, OrgWordingRule, Rectification
from gongkai.inspection.models import RectificationState as R
from gongkai.inspection.rules import default_wording_specs, quarter_of, rectification_due_on
from gongkai.inspection.scoring import NOT_INSPECTED, Score, score
from gongkai.inspection.snapshot import KINDS, SITE_KINDS, FindingData, Snapshot
from gongkai.inspection.transitions import RECTIFICATION, RectificationAction
from gongkai.orgs.models import Organization
from gongkai.privacy import selectors as privacy_selectors
from gongkai.privacy.content_checks import CompiledWordingRule, WordingRuleSpec, compile_wording_rules

MAX_PAGES_LIMIT = 20_000


@dataclass
class InspectionResult:
    site: str
    as_of: datetime.date
    findings: list[FindingData]
    score: Score
    snapshot: Snapshot

    @property
    def inspectable(self) -> bool:
        return self.snapshot.inspectable

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "site": self.site,
            "as_of": self.as_of.isoformat(),
            "verdict": self.score.verdict,
            "score": self.score.score,
            "findings": [f.as_json() for f in self.findings if f.kind in KINDS],
        }
        # The CLI contract (issue 19) lists ten finding kinds for `findings`; the site-level ones
        # (no 咨询建言 channel, no 办事服务) go under their own key, present only when there are
        # some. They count in the verdict and the exit status like any veto item.
        site_level = [f.as_json() for f in self.findings if f.kind in SITE_KINDS]
        if site_level:
            data["site_findings"] = site_level
        return data


def wording_rules_for(org: Organization | None) -> list[CompiledWordingRule]:
    """The shipped default list, the org's own rules and the admin-managed privacy list."""
    specs = default_wording_specs()
    if org is not None:
        specs += [
            WordingRuleSpec(pattern=r.pattern, correction=r.correction)
            for r in OrgWordingRule.objects.filter(org__in=org.ancestor_ids())
        ]
    return compile_wording_rules(specs) + privacy_selectors.wording_rules_active()


def evaluate(snapshot: Snapshot, as_of: datetime.date, *, department: bool = False) -> InspectionResult:
    if not snapshot.inspectable:
        return InspectionResult(snapshot.site, as_of, [], Score(NOT_INSPECTED, None), snapshot)
    findings = run_checks(snapshot, as_of, department=department)
    return InspectionResult(
        snapshot.site, as_of, findings, score(findings, attempts=snapshot.attempts, department=department), snapshot
    )


def _options(max_pages: int, timeout: float | None) -> CrawlOptions:
    if not 1 <= max_pages <= MAX_PAGES_LIMIT:
        message = f"页面数量须在 1 到 {MAX_PAGES_LIMIT} 之间。"
        raise ValidationFailed(message, code="invalid_max_pages", fields={"max_pages": [message]})
    return CrawlOptions(max_pages=max_pages) if timeout is None else CrawlOptions(max_pages=max_pages, timeout=timeout)


def inspect_url(
    url: str,
    *,
    as_of: datetime.date,
    max_pages: int = 300,
    org: Organization | None = None,
    department: bool = False,
    timeout: float | None = None,
) -> InspectionResult:
    """Crawl an external (or any) site by URL and check it; nothing is stored."""
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise ValidationFailed(
            "请填写以 http:// 或 https:// 开头的网址。", code="invalid_url", fields={"url": ["网址无效。"]}
        )
    snapshot = crawl(url, options=_options(max_pages, timeout), wording_rules=wording_rules_for(org))
    return evaluate(snapshot, as_of, department=department)


def inspect_org(
    org: Organization, *, as_of: datetime.date, max_pages: int = 300, department: bool = False, base_url: str = ""
) -> InspectionResult:
    """Check one of the platform's own sites from the database; nothing is stored."""
    snapshot = read_site(
        org, options=_options(max_pages, None), wording_rules=wording_rules_for(org), base_url=base_url
    )
    return evaluate(snapshot, as_of, department=department)


def _key(kind: str, url: str, target: str, column: str) -> str:
    return "|".join((kind, url, target, column))[:1200]


def inspection_run(
    *,
    actor: Actor,
    site: InspectedSite,
    as_of: datetime.date | None = None,
    max_pages: int = 300,
    timeout: float | None = None,
) -> Inspection:
    """Inspect a registered site, store the report, and follow up its rectification items."""
    if not permissions.can_inspect(actor, site.org):
        raise PermissionDenied("只有上级政务公开办可以检查该网站。")
    day = as_of or timezone.localdate()
    if site.url:
        result = inspect_url(
            site.url, as_of=day, max_pages=max_pages, org=site.org, department=site.department, timeout=timeout
        )
    else:
        result = inspect_org(site.org, as_of=day, max_pages=max_pages, department=site.department)
    return _store(actor, site, result)


def _store(actor: Actor, site: InspectedSite, result: InspectionResult) -> Inspection:
    snap = result.snapshot
    with transaction.atomic():
        inspection = Inspection.objects.create(
            site=site,
            as_of=result.as_of,
            quarter=quarter_of(result.as_of),
            source=snap.source,
            verdict=result.score.verdict,
            score=result.score.score,
            vetoes=result.score.vetoes,
            deductions=result.score.deductions,
            column_counts=result.score.column_counts,
            pages=snap.attempts,
            error=snap.home_error[:300],
            started_by_id=actor.pk if getattr(actor, "pk", None) else None,
        )
        rows = Finding.objects.bulk_create(
            [
                Finding(
                    inspection=inspection,
                    kind=f.kind,
                    url=f.url[:500],
                    target=f.target[:500],
                    column=f.column[:100],
                    detail=f.detail[:500],
                    evidence=f.evidence,
                )
                for f in result.findings
            ]
        )
        if result.inspectable:
            _follow_up(actor, site, inspection, rows)
    return inspection


def _follow_up(actor: Actor, site: InspectedSite, inspection: Inspection, rows: list[Finding]) -> None:
    """The next check verifies: fixed items are confirmed, reported-but-still-there are reopened,
    and new findings become items with a deadline (限期整改)."""
    found = {_key(r.kind, r.url, r.target, r.column): r for r in rows}
    unresolved = Rectification.objects.filter(site=site).exclude(state=R.VERIFIED)
    covered: set[str] = set()
    for item in unresolved:
        if item.key not in found:
            RECTIFICATION.apply_nested(actor, item, RectificationAction.CONFIRM_FIXED, inspection=inspection)
            continue
        covered.add(item.key)
        if item.state == R.SUBMITTED:
            RECTIFICATION.apply_nested(actor, item, RectificationAction.STILL_FOUND, inspection=inspection)
    due = rectification_due_on(inspection.as_of)
    Rectification.objects.bulk_create(
        [
            Rectification(org=site.org, site=site, finding=row, kind=row.kind, key=key, due_on=due, state=R.OPEN)
            for key, row in found.items()
            if key not in covered
        ]
    )


def scheduled_run(*, actor: Actor, as_of: datetime.date | None = None, max_pages: int = 300) -> list[Inspection]:
    """The quarterly check (日常监测和季度检查, seed 002 七), in-process: every scheduled site the
    actor may inspect that has no inspection in this quarter yet. Safe to run twice."""
    day = as_of or timezone.localdate()
    quarter = quarter_of(day)
    done = []
    for site in InspectedSite.objects.filter(scheduled=True).select_related("org").order_by("pk"):
        if not permissions.can_inspect(actor, site.org):
            continue
        if Inspection.objects.filter(site=site, quarter=quarter).exists():
            continue
        done.append(inspection_run(actor=actor, site=site, as_of=day, max_pages=max_pages))
    return done
