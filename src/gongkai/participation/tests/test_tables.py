"""The state tables of 公众参与, tested from the tables themselves.

- Every (state, action) pair of every workflow through ``apply``: an illegal pair is a 409
  ``illegal_transition`` that writes nothing (state unchanged, no audit row); an allowed pair
  reaches the row's target (or the target the action's data chooses).
- Every role × position in the org tree × action: the expectation is written out here from the
  rules in permissions.py's docstring (a role held on an org covers it and its subtree), not read
  from the policy functions, so a policy that drifts from the rule fails.
"""

import datetime
import io
from typing import Any

import openpyxl
import pytest
from conftest import make_credit_code
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Level, Role
from gongkai.orgs.services import organization_create
from gongkai.participation import services
from gongkai.participation.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationState,
    DraftType,
    Message,
    MessageState,
    Moderation,
)
from gongkai.participation.permissions import MessageWriter
from gongkai.participation.tests.conftest import token
from gongkai.participation.transitions import (
    COMMENT,
    CONSULTATION,
    MESSAGE,
    CommentAction,
    ConsultationAction,
    MessageAction,
    on_day,
)

D = datetime.date
START, END = D(2030, 3, 1), D(2030, 3, 31)
# The day of each consultation action: when its date condition holds.
BEFORE, DURING, AFTER = D(2030, 2, 1), D(2030, 3, 10), D(2030, 4, 10)
CONSULTATION_DAY = {
    ConsultationAction.UPDATE: BEFORE,
    ConsultationAction.ATTACH: BEFORE,
    ConsultationAction.DETACH: BEFORE,
    ConsultationAction.OPEN: BEFORE,
    ConsultationAction.REGISTER_COMMENT: DURING,
    ConsultationAction.PUBLISH_FEEDBACK: AFTER,
    ConsultationAction.WITHDRAW: DURING,
}
COMMENT_DAY = {CommentAction.MODERATE: DURING, CommentAction.DECIDE: AFTER}


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _xlsx() -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(["条款", "修改说明"])
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("起草说明.xlsx", data.getvalue())


def consultation_data(action: str, item: Consultation) -> dict[str, Any]:
    if action == ConsultationAction.DETACH:  # a file to remove (a row is enough: it goes with it)
        attachment = ConsultationAttachment.objects.create(
            consultation=item, name="起草说明.pdf", media_type="application/pdf", size=1, file="consultations/a.pdf"
        )
        return {"attachment_id": attachment.pk}
    if action == ConsultationAction.UPDATE:
        return {
            "data": services.ConsultationInput(
                title="修改后的标题", starts_on=START, ends_on=END, draft_type=DraftType.OTHER, draft_html="<p>正文</p>"
            )
        }
    if action == ConsultationAction.ATTACH:
        return {"upload": _xlsx()}
    if action == ConsultationAction.REGISTER_COMMENT:
        return {"channel": "letter", "body": "来信意见。", "received_on": D(2030, 3, 5)}
    if action == ConsultationAction.WITHDRAW:
        return {"reason": "上位法修订，暂停制定。"}
    return {}


def make_consultation(org: Organization, state: str) -> Consultation:
    return Consultation.objects.create(
        org=org,
        title="关于某事项的规定（征求意见稿）",
        draft_type=DraftType.OTHER,
        draft_html="<p>第一条</p>",
        starts_on=START,
        ends_on=END,
        state=state,
    )


def make_comment(org: Organization, moderation: str, consultation_state: str = ConsultationState.PUBLISHED) -> Comment:
    item = make_consultation(org, consultation_state)
    return Comment.objects.create(
        consultation=item, body="建议增加过渡期。", received_on=D(2030, 3, 5), moderation=moderation
    )


def comment_data(action: str) -> dict[str, Any]:
    if action == CommentAction.MODERATE:
        return {"moderation": Moderation.NOT_SHOWN, "note": "来信人要求不公开"}
    return {"decision": "not_adopted", "reason": "不属本规定调整范围。"}


def make_message(org: Organization, state: str, handling: Organization | None) -> Message:
    return Message.objects.create(
        org=org,
        handling_org=None if state == MessageState.RECEIVED else handling,
        code=f"LY{Message.objects.count():013d}",
        secret_digest="x",
        category="consult",
        subject="路灯",
        body="村口路灯坏了。",
        writer_name="张三",
        writer_phone="13800000000",
        received_on=D(2030, 3, 1),
        state=state,
        reply="" if state in (MessageState.RECEIVED, MessageState.ROUTED) else "已修复。",
        rating_open=state == MessageState.ANSWERED,
    )


def message_data(action: str, handling: Organization) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = {
        MessageAction.ROUTE: {"handling_org": handling, "note": "请办理"},
        MessageAction.REPLY: {"reply": "路灯已修复。"},
        MessageAction.RETURN: {"note": "请核实日期"},
        MessageAction.RELEASE: {"note": "", "show_on_wall": True},
        MessageAction.RATE: {"satisfaction": "satisfied"},
        MessageAction.FOLLOW_UP: {"note": "电话回访。", "reply": "已再次核实修复。"},
        MessageAction.DISMISS: {"reason": "重复留言"},
    }
    return data[action]


def _audits(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def _check_pair(
    workflow: Any, actor: Any, obj: Any, action: str, state: str, allowed: bool, expected: str, data: dict[str, Any]
) -> None:
    row = workflow.transition(action)
    audit_action = row.audit_action or f"{workflow.name}.{action}"
    before = _audits(audit_action)
    if allowed:
        workflow.apply(actor, obj, action, **data)
        obj.refresh_from_db()
        assert workflow.state_of(obj) == expected, (state, action)
        assert _audits(audit_action) == before + 1
    else:
        with pytest.raises(Conflict) as info:
            workflow.apply(actor, obj, action, **data)
        assert info.value.code == "illegal_transition", (state, action)
        obj.refresh_from_db()
        assert workflow.state_of(obj) == state
        assert _audits(audit_action) == before


# --- the (state × action) matrices ------------------------------------------------------------------


def test_every_consultation_pair(superuser, org_tree, media):
    for state, row, allowed in CONSULTATION.pairs():
        item = make_consultation(org_tree["county"], state)
        with on_day(CONSULTATION_DAY[row.action]):
            _check_pair(
                CONSULTATION,
                superuser,
                item,
                row.action,
                state,
                allowed,
                row.target or state,
                consultation_data(row.action, item),
            )


def test_consultation_date_conditions_refuse_outside_their_phase(superuser, org_tree):
    """The phases are conditions on the rows: right state, wrong day is 409 too."""
    wrong_day = {
        ConsultationAction.UPDATE: DURING,  # started: no more edits
        ConsultationAction.REGISTER_COMMENT: BEFORE,  # not started
        ConsultationAction.PUBLISH_FEEDBACK: DURING,  # still open
    }
    for action, day in wrong_day.items():
        item = make_consultation(org_tree["county"], ConsultationState.PUBLISHED)
        with on_day(day), pytest.raises(Conflict) as info:
            CONSULTATION.apply(superuser, item, action, **consultation_data(action, item))
        assert info.value.code == "illegal_transition"
        with on_day(day):
            assert action not in {t.action for t in CONSULTATION.available_actions(superuser, item)}
    comment = make_comment(org_tree["county"], Moderation.SHOWN)
    with on_day(DURING), pytest.raises(Conflict):
        COMMENT.apply(superuser, comment, CommentAction.DECIDE, **comment_data(CommentAction.DECIDE))
    done = make_comment(org_tree["county"], Moderation.PENDING, ConsultationState.FEEDBACK_PUBLISHED)
    with pytest.raises(Conflict):
        COMMENT.apply(superuser, done, CommentAction.MODERATE, **comment_data(CommentAction.MODERATE))


def test_every_comment_pair(superuser, org_tree):
    for state, row, allowed in COMMENT.pairs():
        comment = make_comment(org_tree["county"], state)
        data = comment_data(row.action)
        if row.action == CommentAction.DECIDE and state in (Moderation.PENDING, Moderation.INVALID):
            # In the table's state column, refused by the action's own check with the reason
            # beside its field (moderate it first / an invalid comment needs no decision).
            with on_day(COMMENT_DAY[row.action]), pytest.raises(ValidationFailed) as info:
                COMMENT.apply(superuser, comment, row.action, **data)
            assert "moderation" in info.value.fields
            continue
        expected = data["moderation"] if row.action == CommentAction.MODERATE else state
        with on_day(COMMENT_DAY[row.action]):
            _check_pair(COMMENT, superuser, comment, row.action, state, allowed, expected, data)


def test_every_message_pair(superuser, org_tree):
    for state, row, allowed in MESSAGE.pairs():
        message = make_message(org_tree["county"], state, org_tree["dept"])
        actor = MessageWriter(message.pk) if row.action == MessageAction.RATE else superuser
        _check_pair(
            MESSAGE,
            actor,
            message,
            row.action,
            state,
            allowed,
            row.target or state,
            message_data(row.action, org_tree["dept"]),
        )


def test_an_unhappy_rating_chooses_the_reopened_state(org_tree):
    message = make_message(org_tree["county"], MessageState.ANSWERED, org_tree["dept"])
    MESSAGE.apply(MessageWriter(message.pk), message, MessageAction.RATE, satisfaction="unsatisfied")
    message.refresh_from_db()
    assert (message.state, message.reopen_count) == (MessageState.REOPENED, 1)


def test_the_writer_of_another_message_may_not_rate_and_learns_nothing(org_tree):
    mine = make_message(org_tree["county"], MessageState.ANSWERED, org_tree["dept"])
    other = make_message(org_tree["county"], MessageState.ANSWERED, org_tree["dept"])
    with pytest.raises(NotFound):
        MESSAGE.apply(MessageWriter(mine.pk), other, MessageAction.RATE, satisfaction="satisfied")


# --- role × position in the tree × action -------------------------------------------------------------

POSITIONS = ("own", "child", "parent", "sibling", "other_province")


@pytest.fixture
def places(org_tree, superuser) -> dict[str, Organization]:
    """Where a user may hold a role, relative to the county whose records are acted on."""
    province = organization_create(
        actor=superuser,
        name="福建省人民政府",
        level=Level.PROVINCE,
        credit_code=make_credit_code("350000"),
        slug="fujian",
    )
    return {
        "own": org_tree["county"],
        "child": org_tree["dept"],
        "parent": org_tree["city"],
        "sibling": org_tree["sibling"],
        "other_province": province,
    }


def _covers(holder: Organization, org: Organization) -> bool:
    """A role held on `holder` applies to `org` when `org` is `holder` or below it."""
    return org.path.startswith(holder.path)


def _user(role: str, org: Organization) -> Any:
    from gongkai.orgs.models import Membership

    user = get_user_model().objects.create_user(f"u-{role}-{org.pk}-{get_user_model().objects.count()}")
    Membership.objects.create(user=user, org=org, role=role)
    return user


def _outcome(workflow: Any, actor: Any, obj: Any, action: str, data: dict[str, Any]) -> str:
    try:
        workflow.apply(actor, obj, action, **data)
    except NotFound:
        return "404"
    except PermissionDenied:
        return "403"
    except (Conflict, ValidationFailed):
        return "ok"  # past visibility and permission: refused only on state or input
    return "ok"


_CONSULTATION_RULE = {
    ConsultationAction.UPDATE: {Role.EDITOR, Role.ADMIN},
    ConsultationAction.ATTACH: {Role.EDITOR, Role.ADMIN},
    ConsultationAction.DETACH: {Role.EDITOR, Role.ADMIN},
    ConsultationAction.REGISTER_COMMENT: {Role.EDITOR, Role.ADMIN},
    ConsultationAction.OPEN: {Role.APPROVER, Role.ADMIN},
    ConsultationAction.PUBLISH_FEEDBACK: {Role.APPROVER, Role.ADMIN},
    ConsultationAction.WITHDRAW: {Role.APPROVER, Role.ADMIN},
}
_CONSULTATION_STATE = {
    ConsultationAction.UPDATE: ConsultationState.DRAFT,
    ConsultationAction.ATTACH: ConsultationState.DRAFT,
    ConsultationAction.DETACH: ConsultationState.DRAFT,
    ConsultationAction.OPEN: ConsultationState.DRAFT,
    ConsultationAction.REGISTER_COMMENT: ConsultationState.PUBLISHED,
    ConsultationAction.PUBLISH_FEEDBACK: ConsultationState.PUBLISHED,
    ConsultationAction.WITHDRAW: ConsultationState.DRAFT,
}
_CONSULTATION_STAFF = {Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("position", POSITIONS)
def test_consultation_and_comment_actions_by_role_and_position(role, position, places, media):
    county = places["own"]
    user = _user(role, places[position])
    in_reach = _covers(places[position], county)
    visible = in_reach and role in _CONSULTATION_STAFF
    for action, roles in _CONSULTATION_RULE.items():
        item = make_consultation(county, _CONSULTATION_STATE[action])
        with on_day(CONSULTATION_DAY[action]):
            got = _outcome(CONSULTATION, user, item, action, consultation_data(action, item))
        expected = "ok" if visible and role in roles else ("403" if visible else "404")
        assert got == expected, (role, position, action)
    for action in CommentAction.values:
        comment = make_comment(county, Moderation.SHOWN)
        with on_day(COMMENT_DAY[action]):
            got = _outcome(COMMENT, user, comment, action, comment_data(action))
        expected = "ok" if visible and role in {Role.EDITOR, Role.ADMIN} else ("403" if visible else "404")
        assert got == expected, (role, position, action)


_MESSAGE_STATE = {
    MessageAction.ROUTE: MessageState.RECEIVED,
    MessageAction.DISMISS: MessageState.RECEIVED,
    MessageAction.REPLY: MessageState.ROUTED,
    MessageAction.RETURN: MessageState.REPLIED,
    MessageAction.RELEASE: MessageState.REPLIED,
    MessageAction.FOLLOW_UP: MessageState.REOPENED,
    MessageAction.RATE: MessageState.ANSWERED,
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("position", POSITIONS)
def test_message_actions_by_role_and_position(role, position, places):
    """The mailbox is the county's; routed messages are handled by its department (the child)."""
    county, dept = places["own"], places["child"]
    holder = places[position]
    user = _user(role, holder)
    office = _covers(holder, county)  # the mailbox office or above
    handler = _covers(holder, dept) and role in (Role.EDITOR, Role.ADMIN)
    for action, state in _MESSAGE_STATE.items():
        message = make_message(county, state, dept)
        handled = message.handling_org is not None and handler
        visible = (office and role in (Role.ADMIN, Role.REVIEWER)) or handled
        allowed = {
            MessageAction.ROUTE: office and role == Role.ADMIN,
            MessageAction.DISMISS: office and role == Role.ADMIN,
            MessageAction.REPLY: handled,
            MessageAction.FOLLOW_UP: handled,
            MessageAction.RETURN: office and role in (Role.ADMIN, Role.REVIEWER),
            MessageAction.RELEASE: office and role in (Role.ADMIN, Role.REVIEWER),
            MessageAction.RATE: False,  # only the writer, with the query password
        }[action]
        got = _outcome(MESSAGE, user, message, action, message_data(action, dept))
        expected = "ok" if visible and allowed else ("403" if visible else "404")
        assert got == expected, (role, position, action)


def test_an_officer_without_the_right_is_offered_nothing_and_refused(org_tree, make_user):
    """The service's answer and the offered actions come from the same table."""
    reviewer = make_user("mailbox-reviewer", org=org_tree["county"], role=Role.REVIEWER)
    message, _, _ = services.message_submit(
        org=org_tree["county"],
        category="consult",
        subject="s",
        body="b",
        writer_name="n",
        writer_phone="13800000000",
        token=token(),
    )
    assert MESSAGE.available_actions(reviewer, message) == []
    with pytest.raises(PermissionDenied):
        services.message_route(actor=reviewer, message=message, handling_org=org_tree["dept"])
    editor = make_user("drafter", org=org_tree["dept"], role=Role.EDITOR)
    item = make_consultation(org_tree["dept"], ConsultationState.DRAFT)
    with on_day(BEFORE):
        offered = {t.action for t in CONSULTATION.available_actions(editor, item)}
        assert offered == {ConsultationAction.UPDATE, ConsultationAction.ATTACH}
        with pytest.raises(PermissionDenied):
            services.consultation_open(actor=editor, consultation=item, today=BEFORE)
