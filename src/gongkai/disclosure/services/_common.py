"""What the publishing services share: validation of what an editor writes, revision values,
the public copy of a revision, 索引号 allocation. Internal to the services package."""

import datetime
from typing import Any

from django.utils import timezone

from gongkai.core.actors import Actor, is_signed_in
from gongkai.core.errors import ValidationFailed
from gongkai.disclosure import selectors
from gongkai.disclosure.catalog import DEFAULT_NODE_FOR_KIND
from gongkai.disclosure.content import REVISION_FIELDS, Content
from gongkai.disclosure.doc_number import InvalidDocNumber, parse_doc_number
from gongkai.disclosure.models import (
    TOPIC_MAX_LENGTH,
    CatalogNode,
    DisclosureMode,
    IndexNumberSequence,
    InterpretationForm,
    Kind,
    Publication,
    Revision,
    WithholdingGround,
    filed_in_value,
)
from gongkai.disclosure.richtext import body_to_html
from gongkai.disclosure.topics import PUBLICATION_CHANGED  # noqa: F401 (imported from here too)
from gongkai.orgs.models import Organization


def user_of(actor: Actor | None) -> Any:
    """The account to store as author or decider (None for the system or a visitor)."""
    return actor if is_signed_in(actor) else None


def today() -> datetime.date:
    return timezone.localdate()


def co_issuer_scope(org: Organization) -> str:
    """联合发文 is issued by agencies of one locality: the org's parent and everything beneath it
    (a county department with the county government or another county department). A path
    prefix of the tree; a root org's own subtree."""
    ancestors = org.ancestor_ids()
    if len(ancestors) < 2:
        return org.path
    return "/" + "".join(f"{pk}/" for pk in ancestors[:-1])


# Choices.values builds a new list on every access; these are read for every row of an import.
_KIND_VALUES = frozenset(Kind.values)
_DISCLOSUREMODE_VALUES = frozenset(DisclosureMode.values)
_WITHHOLDINGGROUND_VALUES = frozenset(WithholdingGround.values)
_INTERPRETATIONFORM_VALUES = frozenset(InterpretationForm.values)


def _validate_interpretation(
    content: Content, org: Organization, exclude_pk: int | None, errors: dict[str, list[str]]
) -> None:
    """谁起草、谁解读: an interpretation names a policy of its own org's tree (the org or one
    beneath it), and what it interprets is not itself an interpretation. The rule lives here,
    not in a form, so the pages and the API obey the same one."""
    if content.interprets_id is None:
        errors["interprets"] = ["政策解读须关联所解读的政策文件（谁起草、谁解读）。"]
    elif (
        not selectors.interpretable_policies(org).filter(pk=content.interprets_id).exclude(pk=exclude_pk or 0).exists()
    ):
        # One answer whether the id does not exist or belongs to another org's tree: another
        # org's drafts must not be probed through this check.
        errors["interprets"] = ["未找到可解读的政策文件：须是本机构或下属机构的政策文件，且不能是另一份政策解读。"]
    if content.interpretation_form not in _INTERPRETATIONFORM_VALUES:
        errors["interpretation_form"] = ["请选择解读形式。"]


# A document is filed in a few columns and co-issued by a few agencies; the bounds only stop
# absurd input (a list of ids is otherwise bounded by the request size alone).
MAX_COLUMNS = 20
MAX_CO_ISSUERS = 50


def validate_content(content: Content, *, org: Organization, exclude_pk: int | None) -> tuple[Content, list[str]]:
    """Validate and normalise; returns the cleaned content and warnings (accepted, but shown)."""
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    content.title = (content.title or "").strip()
    if not content.title:
        errors["title"] = ["信息名称不能为空。"]
    elif len(content.title) > 300:
        errors["title"] = ["信息名称不能超过300字。"]
    if content.kind not in _KIND_VALUES:
        errors["kind"] = [f"体裁“{content.kind}”不存在。"]
    content.topic = (content.topic or "").strip()
    if len(content.topic) > TOPIC_MAX_LENGTH:
        # Checked here, not left to the column: PostgreSQL refuses the row with a server error,
        # SQLite would store it (and the public lists take a longer value for no topic at all).
        errors["topic"] = [f"主题分类不能超过{TOPIC_MAX_LENGTH}字。"]
    if content.doc_number.strip():
        try:
            parsed = parse_doc_number(content.doc_number, latest_year=today().year + 1)
        except InvalidDocNumber as exc:
            errors["doc_number"] = [str(exc)]
        else:
            content.doc_number = parsed.normalized
            warnings += parsed.warnings
    else:
        content.doc_number = ""
    if content.disclosure_mode not in _DISCLOSUREMODE_VALUES:
        errors["disclosure_mode"] = ["公开方式应为主动公开、依申请公开或不予公开。"]
    elif content.disclosure_mode == DisclosureMode.PROACTIVE:
        content.withholding_ground = ""
    elif content.withholding_ground not in _WITHHOLDINGGROUND_VALUES:
        # 国办发〔2016〕80号: a document not disclosed proactively states its legal reason.
        errors["withholding_ground"] = ["依申请公开或不予公开的，须选择第十四至十六条规定的理由。"]
    if content.written_on and content.written_on > today():
        errors["written_on"] = ["成文日期不能晚于今天。"]
    if content.formed_on and content.formed_on > today():
        errors["formed_on"] = ["形成或变更日期不能晚于今天。"]
    if content.kind == Kind.INTERPRETATION:
        _validate_interpretation(content, org, exclude_pk, errors)
    else:
        content.interprets_id = None
        content.interpretation_form = ""
    content.body_html = body_to_html(content.body_html)
    content.keywords = " ".join(content.keywords.replace("，", " ").replace(",", " ").split())[:200]
    if len(content.catalog_node_ids) > MAX_COLUMNS or len(content.co_issuer_ids) > MAX_CO_ISSUERS:
        # Bounds before the lookups below: an id list is otherwise only bounded by the body size.
        if len(content.catalog_node_ids) > MAX_COLUMNS:
            errors["catalog_nodes"] = [f"一条信息至多放入{MAX_COLUMNS}个栏目。"]
        if len(content.co_issuer_ids) > MAX_CO_ISSUERS:
            errors["co_issuers"] = [f"联合发文机构至多{MAX_CO_ISSUERS}个。"]
        raise ValidationFailed("信息内容有误，未保存。", code="publication_invalid", fields=errors)
    if content.catalog_node_ids:
        found = set(CatalogNode.objects.filter(org=org, pk__in=content.catalog_node_ids).values_list("pk", flat=True))
        if found != set(content.catalog_node_ids):
            errors["catalog_nodes"] = ["所选栏目不属于本机构的公开目录。"]
    wanted = set(content.co_issuer_ids)
    if wanted and Organization.objects.filter(pk__in=wanted, path__startswith=co_issuer_scope(org)).count() != len(
        wanted
    ):
        errors["co_issuers"] = ["联合发文机构须是本级政府或同级机构（上级机构及其下属机构）。"]
    if errors:
        raise ValidationFailed("信息内容有误，未保存。", code="publication_invalid", fields=errors)
    return content, warnings


def revision_values(content: Content) -> dict[str, Any]:
    values = {name: getattr(content, name) for name in REVISION_FIELDS}
    values["interprets_id"] = content.interprets_id
    return values


def revision_snapshot(revision: Revision) -> dict[str, Any]:
    data = {name: getattr(revision, name) for name in REVISION_FIELDS}
    data["interprets_id"] = revision.interprets_id
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


def default_nodes(org: Organization, kind: str) -> list[int]:
    code = DEFAULT_NODE_FOR_KIND.get(kind)
    node = CatalogNode.objects.filter(org=org, code=code).first() if code else None
    return [node.pk] if node else []


def filing_snapshot(revision: Revision) -> dict[str, list[int]]:
    """The revision's links, for the audit trail."""
    return {
        "catalog_nodes": sorted(revision.catalog_nodes.values_list("pk", flat=True)),
        "co_issuers": sorted(revision.co_issuers.values_list("pk", flat=True)),
    }


def file_revision(revision: Revision, content: Content, org: Organization) -> None:
    """The revision's columns (the kind's default column when none is chosen) and co-issuers."""
    revision.catalog_nodes.set(content.catalog_node_ids or default_nodes(org, content.kind))
    revision.co_issuers.set(content.co_issuer_ids)


def file_publication_as(publication: Publication, revision: Revision) -> None:
    """The publication's (public) links become the revision's: when it is released, or while the
    item was never public."""
    columns = list(revision.catalog_nodes.values_list("pk", flat=True))
    publication.catalog_nodes.set(columns)
    publication.co_issuers.set(list(revision.co_issuers.values_list("pk", flat=True)))
    filed_in = filed_in_value(columns)
    if filed_in != publication.filed_in:  # most edits and releases leave the columns as they were
        publication.filed_in = filed_in
        Publication.objects.filter(pk=publication.pk).update(filed_in=filed_in)


def allocate_index_number(org: Organization, year: int) -> str:
    sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(org=org, year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return f"{org.credit_code}/{year}-{sequence.last_serial:05d}"


# The publication's columns that copy_public_fields sets (for update_fields).
PUBLIC_FIELDS = (*REVISION_FIELDS, "interprets", "doc_issuer_code", "doc_year", "doc_serial")


def public_values(revision: dict[str, Any]) -> dict[str, Any]:
    """The publication's columns that are a copy of the public revision (`revision`: its
    REVISION_FIELDS and interprets_id), with the 文号's parsed parts for sorting and lookup."""
    values = {name: revision[name] for name in REVISION_FIELDS}
    values["interprets_id"] = revision["interprets_id"]
    if revision["doc_number"]:
        parsed = parse_doc_number(revision["doc_number"], latest_year=9999)
        values["doc_issuer_code"], values["doc_year"], values["doc_serial"] = (
            parsed.issuer_code,
            parsed.year,
            parsed.serial,
        )
    else:
        values["doc_issuer_code"], values["doc_year"], values["doc_serial"] = "", None, None
    return values


def copy_public_fields(publication: Publication, revision: Revision) -> None:
    """Make `revision` the public text: the publication's columns are its copy."""
    current = {name: getattr(revision, name) for name in REVISION_FIELDS}
    current["interprets_id"] = revision.interprets_id
    for name, value in public_values(current).items():
        setattr(publication, name, value)
