from datetime import date
from typing import Any

from django.db import transaction

from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.disclosure.models import Kind, Publication
from gongkai.orgs import permissions
from gongkai.orgs.models import Organization


@transaction.atomic
def publication_import(
    *,
    actor: Any,
    org: Organization,
    title: str,
    body: str,
    published_on: date,
    source_key: str,
    kind: str = Kind.OTHER,
    written_on: date | None = None,
) -> tuple[Publication, bool]:
    """Store an already-published document (an import); idempotent on `source_key`.

    Returns the item and whether it was created. Only platform operators and the org's
    admins import, because an import bypasses review: the documents were published before.
    """
    if not (permissions.is_platform_operator(actor) or permissions.can_manage_org(actor, org)):
        raise PermissionDenied("只有政务公开管理员可以导入已发布的信息。")
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["信息名称不能为空。"]
    if not body.strip():
        errors["body"] = ["正文不能为空。"]
    if kind not in Kind.values:
        errors["kind"] = [f"体裁“{kind}”不存在。"]
    if written_on and written_on > published_on:
        errors["written_on"] = ["成文日期不能晚于发布日期。"]
    if errors:
        raise ValidationFailed("导入的信息有误，未保存。", code="publication_invalid", fields=errors)
    existing = Publication.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing, False
    item = Publication.objects.create(
        org=org,
        title=title.strip(),
        body=body.strip(),
        kind=kind,
        written_on=written_on,
        published_on=published_on,
        source_key=source_key,
    )
    audit_record(
        actor=actor,
        action="publication.imported",
        obj=item,
        after={"org_id": org.pk, "title": item.title, "published_on": published_on.isoformat(), "source": source_key},
    )
    return item, True
