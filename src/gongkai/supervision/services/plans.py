"""Importing a 工作要点 into a plan with tasks and assignments; mapping unmatched unit names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.supervision import permissions
from gongkai.supervision.models import (
    Assignment,
    AssignmentState,
    Plan,
    Task,
    UnitAlias,
    UnitName,
    UnitRole,
)
from gongkai.supervision.planparse import ParsedTask, Unreadable, parse_plan, read_document
from gongkai.supervision.schedule import periods
from gongkai.supervision.units import Match, Matcher


@dataclass
class ImportedTask:
    parsed: ParsedTask
    lead: list[Match]
    units: list[Match]

    @property
    def unmatched(self) -> list[str]:
        return [m.name for m in (*self.lead, *self.units) if not m.matched]

    def as_json(self) -> dict[str, Any]:
        p = self.parsed
        return {
            "number": p.number,
            "title": p.title,
            "section": p.section,
            "lead": [m.as_json() for m in self.lead],
            "units": [m.as_json() for m in self.units],
            "due": p.due.isoformat() if p.due else None,
            "recurrence": p.recurrence or None,
            "unmatched": self.unmatched,
        }


@dataclass
class ImportResult:
    tasks: list[ImportedTask]
    plan: Plan | None = None
    unmatched: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan.pk if self.plan else None,
            "tasks": [t.as_json() for t in self.tasks],
            "unmatched": self.unmatched,
        }


def _user(actor: Actor | None) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_office(actor: Actor | None, org: Organization) -> None:
    # actor None: the operator at the server's command line (gongkai plan import).
    if actor is not None and not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政务公开办可以导入工作要点。")


def plan_read(*, org: Organization, year: int, data: bytes, name: str) -> ImportResult:
    """Parse and match without writing (the dry run, and the preview before an import)."""
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年度应在2000至2100之间。", code="bad_year", fields={"year": ["年度无效。"]})
    try:
        parsed = parse_plan(read_document(data, name), year=year)
    except Unreadable as exc:
        raise ValidationFailed(str(exc), code="plan_unreadable", fields={"file": [str(exc)]}) from exc
    if not parsed:
        raise ValidationFailed(
            "未能从文件中识别出任何任务（应为“一、……”或“（一）……”编号的段落）。",
            code="plan_unreadable",
            fields={"file": ["未识别出任务。"]},
        )
    matcher = Matcher(org)
    tasks = [ImportedTask(p, [matcher.match(n) for n in p.lead], [matcher.match(n) for n in p.units]) for p in parsed]
    unmatched: list[str] = []
    for task in tasks:
        unmatched += [n for n in task.unmatched if n not in unmatched]
    return ImportResult(tasks, None, unmatched)


def _assign(task: Task, orgs: list[tuple[Organization, str]]) -> int:
    """Create the assignments of `task` (a lead unit stays lead when also named otherwise)."""
    first = periods(year=task.plan.year, due=task.due, recurrence=task.recurrence)[0]
    existing = set(Assignment.objects.filter(task=task).values_list("org_id", flat=True))
    created = 0
    for org, role in orgs:
        if org.pk in existing:
            continue
        existing.add(org.pk)
        Assignment.objects.create(
            task=task, org=org, role=role, state=AssignmentState.ASSIGNED, period=0, due_on=first.due_on
        )
        created += 1
    return created


def plan_import(
    *, actor: Actor | None, org: Organization, year: int, data: bytes, name: str, title: str = ""
) -> ImportResult:
    """Create the plan, its tasks and the assignments of every matched unit; unmatched names
    stay on the task for a person to map (``unit_map``)."""
    _check_office(actor, org)
    result = plan_read(org=org, year=year, data=data, name=name)
    with transaction.atomic():
        plan = Plan.objects.create(
            org=org,
            year=year,
            title=(title or f"{org.display_name}{year}年政务公开工作要点")[:200],
            source_name=name[:200],
            imported_by=_user(actor),
        )
        for seq, item in enumerate(result.tasks, start=1):
            p = item.parsed
            task = Task.objects.create(
                plan=plan,
                seq=seq,
                number=p.number,
                title=p.title,
                body=p.body,
                units_text=p.units_text,
                due=p.due,
                recurrence=p.recurrence,
            )
            pairs: list[tuple[Organization, str]] = []
            for matches, role in ((item.lead, UnitRole.LEAD), (item.units, UnitRole.SUPPORT)):
                for m in matches:
                    UnitName.objects.create(task=task, name=m.name[:100], role=role, resolved=m.matched)
                    pairs += [(o, role) for o in m.orgs]
            _assign(task, pairs)
        audit_record(
            actor=actor,
            action="supervision.plan_imported",
            obj=plan,
            after={"tasks": len(result.tasks), "unmatched": result.unmatched},
        )
    result.plan = plan
    return result


def unit_map(*, actor: Actor, plan: Plan, name: str, org: Organization | None) -> int:
    """Map a name the document writes to an org of the tree (or to none: "not a single unit"),
    remember it for later imports under the same org, and assign the plan's tasks that name it.
    Returns the number of assignments created."""
    if not permissions.can_run_office(actor, plan.org):
        raise PermissionDenied("只有本级政务公开办可以对应责任单位。")
    if org is not None and not org.path.startswith(plan.org.path):
        raise ValidationFailed("只能对应到本级及下级机构。", code="org_outside", fields={"org": ["不在本级机构树内。"]})
    names = UnitName.objects.filter(task__plan=plan, name=name).select_related("task", "task__plan")
    if not names.exists():
        raise ValidationFailed("本工作要点中没有该单位名称。", code="unknown_name", fields={"name": ["未找到。"]})
    created = 0
    with transaction.atomic():
        UnitAlias.objects.update_or_create(scope=plan.org, name=name, defaults={"org": org, "created_by": _user(actor)})
        for unit_name in names:
            if org is not None:
                created += _assign(unit_name.task, [(org, unit_name.role)])
        names.update(resolved=True)
        audit_record(
            actor=actor,
            action="supervision.unit_mapped",
            obj=plan,
            after={"name": name, "org": org.pk if org else None, "assignments": created},
        )
    return created
