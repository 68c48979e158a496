"""The publication table, tested from the table: every (state, action) pair through
``PUBLICATION.apply``, and every role × position in the org tree × action."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from conftest import make_credit_code
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.disclosure import services
from gongkai.disclosure.models import Attachment, Publication, State
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.orgs.roles import Level, Role

pytestmark = pytest.mark.django_db


def _docx() -> SimpleUploadedFile:
    from docx import Document

    document = Document()
    document.add_paragraph("附件正文")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("附件.docx", buffer.getvalue())


def _attachment_of(publication: Publication | None) -> dict[str, Any]:
    """An attachment for 删除附件 to remove (a row is enough: removal keeps the file)."""
    assert publication is not None
    attachment = Attachment.objects.create(
        publication=publication, name="附件.pdf", media_type="application/pdf", size=1, file="attachments/附件.pdf"
    )
    return {"attachment_id": attachment.pk}


def _public_attachment_of(publication: Publication | None) -> dict[str, Any]:
    """An attachment for 撤下附件: one the public sees when the item is public (added before its
    published revision went to review)."""
    data = _attachment_of(publication)
    assert publication is not None
    released = Publication.objects.get(pk=publication.pk).published_revision
    if released is not None:
        before = (released.submitted_at or released.created_at) - datetime.timedelta(seconds=1)
        Attachment.objects.filter(pk=data["attachment_id"]).update(added_at=before)
    return {**data, "reason": "附件含有个人身份信息"}


def action_data(action: str, publication: Publication | None = None) -> dict[str, Any]:
    """The smallest valid input of each action (a fresh upload each time; removal gets an
    attachment of the publication to remove, made before the table is asked)."""
    makers: dict[str, Callable[[], dict[str, Any]]] = {
        Action.EDIT: lambda: {"content": content(title="修改后的标题")},
        Action.SUBMIT: dict,
        Action.APPROVE: lambda: {"opinion": "同意"},
        Action.REJECT: lambda: {"opinion": "请补充依据"},
        Action.PUBLISH: dict,
        Action.WITHDRAW: lambda: {"reason": "内容有误"},
        Action.CHANGE_VALIDITY: lambda: {"validity": "expired", "changed_on": datetime.date(2025, 12, 1)},
        Action.ATTACH: lambda: {"upload": _docx()},
        Action.DETACH: lambda: _attachment_of(publication),
        Action.TAKE_DOWN: lambda: _public_attachment_of(publication),
        Action.MASK: dict,
    }
    return makers[action]()


def fresh(publication: Publication) -> Publication:
    """apply() works on its own locked copy: read the record again to see the result."""
    return Publication.objects.get(pk=publication.pk)


class Maker:
    """Publications of the department in each state, moved there by the platform operator."""

    def __init__(self, operator: Any, org: Any) -> None:
        self.operator, self.org = operator, org

    def draft(self) -> Publication:
        publication, _ = services.publication_create_draft(actor=self.operator, org=self.org, content=content())
        return publication

    def in_review(self) -> Publication:
        publication = self.draft()
        PUBLICATION.apply(self.operator, publication, Action.SUBMIT)
        return fresh(publication)

    def in_review_last_step(self) -> Publication:
        publication = self.in_review()
        PUBLICATION.apply(self.operator, publication, Action.APPROVE)
        return fresh(publication)

    def approved(self) -> Publication:
        publication = self.in_review_last_step()
        PUBLICATION.apply(self.operator, publication, Action.APPROVE)
        return fresh(publication)

    def published(self) -> Publication:
        publication = self.approved()
        PUBLICATION.apply(self.operator, publication, Action.PUBLISH)
        return fresh(publication)

    def withdrawn(self) -> Publication:
        publication = self.published()
        PUBLICATION.apply(self.operator, publication, Action.WITHDRAW, reason="重复发布")
        return fresh(publication)

    def draft_of_published(self) -> Publication:
        """Public, with a new revision being drafted (一事一审)."""
        publication = self.published()
        PUBLICATION.apply(self.operator, publication, Action.EDIT, content=content(title="第二版"))
        return fresh(publication)

    def in_state(self, state: str) -> Publication:
        return {
            State.DRAFT: self.draft,
            State.IN_REVIEW: self.in_review,
            State.APPROVED: self.approved,
            State.PUBLISHED: self.published,
            State.WITHDRAWN: self.withdrawn,
        }[State(state)]()


@pytest.fixture
def maker(superuser, org_tree) -> Maker:
    return Maker(superuser, org_tree["dept"])


def _expected_state(action: str, before: str) -> str:
    row = PUBLICATION.transition(action)
    if action == Action.APPROVE:
        return State.IN_REVIEW  # the first of two steps: the item stays in review
    return row.target or before


def _snapshot(publication: Publication) -> tuple[str, int]:
    return Publication.objects.get(pk=publication.pk).state, AuditEvent.objects.count()


PAIRS = [(state, row.action, allowed) for state, row, allowed in PUBLICATION.pairs()]


@pytest.mark.parametrize(("state", "action", "column_allows"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_state_and_action_through_apply(maker, superuser, state, action, column_allows):
    publication = maker.in_state(state)
    data = action_data(action, publication)
    allowed = PUBLICATION.state_allows(Publication.objects.get(pk=publication.pk), action)
    # The row's extra condition (a public record) only narrows what the state column allows.
    assert allowed <= column_allows
    before = _snapshot(publication)
    if not allowed:
        with pytest.raises(Conflict) as exc:
            PUBLICATION.apply(superuser, publication, action, **data)
        assert exc.value.code == "illegal_transition"
        assert _snapshot(publication) == before
        return
    PUBLICATION.apply(superuser, publication, action, **data)
    state_after, audits_after = _snapshot(publication)
    assert state_after == _expected_state(action, state)
    assert audits_after > before[1]


@pytest.mark.parametrize(
    "action", [Action.WITHDRAW, Action.CHANGE_VALIDITY, Action.SUBMIT, Action.EDIT, Action.TAKE_DOWN]
)
def test_a_public_record_with_a_new_draft_can_still_be_withdrawn_or_marked(maker, superuser, action):
    publication = maker.draft_of_published()
    assert publication.state == State.DRAFT
    PUBLICATION.apply(superuser, publication, action, **action_data(action, publication))
    publication.refresh_from_db()
    assert publication.state == _expected_state(action, State.DRAFT)


def test_the_last_step_approves_and_a_rejection_returns_to_draft(maker, superuser):
    last = maker.in_review_last_step()
    PUBLICATION.apply(superuser, last, Action.APPROVE)
    assert Publication.objects.get(pk=last.pk).state == State.APPROVED
    rejected = maker.in_review_last_step()
    PUBLICATION.apply(superuser, rejected, Action.REJECT, opinion="退回修改")
    assert Publication.objects.get(pk=rejected.pk).state == State.DRAFT


# --- role × position in the org tree × action ---------------------------------------------------

# Who may take each action, and the state (maker method) it is tried in. The item belongs to
# 县卫健委 (dept); the step-1 reviewer decides 保密审查, the approver 签发.
RIGHTS: dict[str, tuple[str, set[Role]]] = {
    Action.EDIT: ("draft", {Role.EDITOR}),
    Action.SUBMIT: ("draft", {Role.EDITOR}),
    Action.ATTACH: ("draft", {Role.EDITOR}),
    Action.DETACH: ("draft", {Role.EDITOR}),
    Action.MASK: ("draft", {Role.EDITOR, Role.REVIEWER, Role.APPROVER}),
    Action.APPROVE: ("in_review", {Role.REVIEWER}),
    Action.REJECT: ("in_review", {Role.REVIEWER}),
    Action.PUBLISH: ("approved", {Role.APPROVER, Role.ADMIN}),
    Action.WITHDRAW: ("published", {Role.APPROVER, Role.ADMIN}),
    Action.CHANGE_VALIDITY: ("published", {Role.EDITOR, Role.APPROVER, Role.ADMIN}),
    Action.TAKE_DOWN: ("published", {Role.APPROVER, Role.ADMIN}),
}
assert set(RIGHTS) == set(PUBLICATION.table)
POSITIONS = ("own", "parent", "child", "sibling", "other_province")
_EDITORIAL = {Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN}


@pytest.fixture
def places(org_tree, superuser) -> dict[str, Any]:
    from gongkai.orgs.services import organization_create

    child = organization_create(
        actor=superuser,
        name="石城县疾病预防控制中心",
        level=Level.DEPARTMENT,
        credit_code=make_credit_code(),
        slug="shicheng-cdc",
        parent=org_tree["dept"],
    )
    province = organization_create(
        actor=superuser,
        name="福建省人民政府",
        level=Level.PROVINCE,
        credit_code=make_credit_code("350000"),
        slug="fujian",
    )
    return {
        "own": org_tree["dept"],
        "parent": org_tree["county"],
        "child": child,
        "sibling": org_tree["township"],
        "other_province": province,
    }


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", list(Role))
def test_role_and_position_decide_every_action(maker, places, make_user, role, position):
    actor = make_user(f"{role}-{position}", org=places[position], role=role)
    sees = position in ("own", "parent") and role in _EDITORIAL
    made: dict[str, Callable[[], Publication]] = {
        "draft": maker.draft,
        "in_review": maker.in_review,
        "approved": maker.approved,
        "published": maker.published,
    }
    shared: dict[str, Publication] = {}  # a refused action changes nothing: one item serves them all
    for action, (state, roles) in RIGHTS.items():
        may = sees and role in roles
        publication = made[state]() if may else shared.setdefault(state, made[state]())
        data = action_data(action, publication)
        offered = {t.action for t in PUBLICATION.available_actions(actor, publication)}
        assert (action in offered) == may, (action, offered)
        before = _snapshot(publication)
        if may:
            PUBLICATION.apply(actor, publication, action, **data)
            assert _snapshot(publication)[0] == _expected_state(action, state)
            continue
        with pytest.raises(PermissionDenied if sees else NotFound):
            PUBLICATION.apply(actor, publication, action, **data)
        assert _snapshot(publication) == before


def test_the_signoff_step_belongs_to_the_approver(maker, places, make_user):
    publication = maker.in_review_last_step()
    reviewer = make_user("step-reviewer", org=places["parent"], role=Role.REVIEWER)
    approver = make_user("step-approver", org=places["own"], role=Role.APPROVER)
    assert Action.APPROVE not in {t.action for t in PUBLICATION.available_actions(reviewer, publication)}
    with pytest.raises(PermissionDenied, match="签发"):
        services.publication_decide(actor=reviewer, publication=publication, decision="approve")
    assert {Action.APPROVE, Action.REJECT} <= {t.action for t in PUBLICATION.available_actions(approver, publication)}
    services.publication_decide(actor=approver, publication=publication, decision="approve")
    assert Publication.objects.get(pk=publication.pk).state == State.APPROVED
