"""目录 and workflow configuration: an org's 主动公开目录 columns and its review steps."""

import re
from dataclasses import asdict, dataclass

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.disclosure import permissions
from gongkai.disclosure.catalog import DEFAULT_CATALOG, CatalogTemplateNode
from gongkai.disclosure.models import CatalogNode, Publication, ReviewStep, State
from gongkai.disclosure.topics import CATALOG_CHANGED
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

# The 主动公开目录 shows on the org's public pages: an outbox event in the same transaction moves
# the page cache's content generation (portal.page_cache), so those pages change at once.


def _create_template_nodes(
    org: Organization, nodes: tuple[CatalogTemplateNode, ...], parent: CatalogNode | None
) -> None:
    for order, node in enumerate(nodes):
        created = CatalogNode.objects.create(org=org, parent=parent, name=node.name, code=node.code, sort_order=order)
        created.path = f"{parent.path if parent else '/'}{created.pk}/"
        created.save(update_fields=["path"])
        _create_template_nodes(org, node.children, created)


@transaction.atomic
def catalog_ensure_default(*, org: Organization) -> bool:
    """Give `org` the default 主动公开目录 if it has none yet. Returns whether it was created."""
    Organization.objects.select_for_update().get(pk=org.pk)
    if CatalogNode.objects.filter(org=org).exists():
        return False
    _create_template_nodes(org, DEFAULT_CATALOG, None)
    return True


@transaction.atomic
def catalog_node_create(
    *, actor: Actor, org: Organization, name: str, code: str, parent: CatalogNode | None
) -> CatalogNode:
    if not permissions.can_manage_catalog(actor, org):
        raise PermissionDenied("只有政务公开管理员可以调整公开目录。")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["栏目名称不能为空。"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,58}", code):
        errors["code"] = ["栏目代码只能包含小写字母、数字和连字符。"]
    elif CatalogNode.objects.filter(org=org, code=code).exists():
        errors["code"] = ["栏目代码已存在。"]
    if parent is not None and parent.org_id != org.pk:
        errors["parent"] = ["上级栏目不属于本机构。"]
    if errors:
        raise ValidationFailed("栏目信息有误，未保存。", code="catalog_invalid", fields=errors)
    order = CatalogNode.objects.filter(org=org, parent=parent).count()
    node = CatalogNode.objects.create(org=org, parent=parent, name=name.strip(), code=code, sort_order=order)
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.save(update_fields=["path"])
    audit_record(actor=actor, action="catalog.node_created", obj=node, after={"org_id": org.pk, "name": node.name})
    outbox_emit(topic=CATALOG_CHANGED, obj=node)
    return node


@transaction.atomic
def catalog_node_delete(*, actor: Actor, node: CatalogNode) -> None:
    node = CatalogNode.objects.select_for_update(of=("self",)).select_related("org").get(pk=node.pk)
    if not permissions.can_manage_catalog(actor, node.org):
        raise PermissionDenied("只有政务公开管理员可以调整公开目录。")
    # An item's working revision may file it here before it is released (a pending move): the
    # column must not vanish under it.
    pending = Publication.objects.filter(current_revision__catalog_nodes=node)
    if node.children.exists() or node.publications.exists() or pending.exists():
        raise ValidationFailed("栏目下还有子栏目或信息（含待发布的修改），不能删除。", code="catalog_not_empty")
    audit_record(actor=actor, action="catalog.node_deleted", obj=node, before={"name": node.name})
    outbox_emit(topic=CATALOG_CHANGED, obj=node)
    node.delete()


@dataclass
class StepSpec:
    name: str
    role: str


@transaction.atomic
def review_steps_set(*, actor: Actor, org: Organization, steps: list[StepSpec]) -> list[ReviewStep]:
    """Replace the org's review workflow (it then applies to the org's whole subtree)."""
    if not permissions.can_manage_review_steps(actor, org):
        raise PermissionDenied("只有政务公开管理员可以设置审核流程。")
    if not steps or any(not s.name.strip() or s.role not in Role.values for s in steps):
        raise ValidationFailed("审核流程至少需要一个环节，每个环节须有名称和有效角色。", code="steps_invalid")
    if Publication.objects.filter(org__path__startswith=org.path, state=State.IN_REVIEW).exists():
        raise ValidationFailed("仍有信息在审核中，请待其审结后再调整流程。", code="steps_in_use")
    before = [asdict(StepSpec(s.name, s.role)) for s in ReviewStep.objects.filter(org=org)]
    ReviewStep.objects.filter(org=org).delete()
    created = [
        ReviewStep.objects.create(org=org, order=i + 1, name=s.name.strip(), role=s.role) for i, s in enumerate(steps)
    ]
    audit_record(
        actor=actor,
        action="review_steps.set",
        obj=org,
        before={"steps": before},
        after={"steps": [asdict(s) for s in steps]},
    )
    return created
