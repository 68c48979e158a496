"""征求意见: minimum periods, comments, moderation with masking, decisions, the feedback."""

import datetime
from typing import Any

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.participation import selectors, services
from gongkai.participation.models import Comment, ConsultationState, Moderation
from gongkai.participation.services import ConsultationInput
from gongkai.participation.tests.conftest import token

pytestmark = pytest.mark.django_db
D = datetime.date


def draft(**overrides) -> ConsultationInput:
    values: dict[str, Any] = {
        "title": "石城县城区养犬管理规定（征求意见稿）",
        "draft_type": "normative",
        "draft_html": "<p>第一条 为了规范养犬行为，制定本规定。</p><p>第二条 本规定适用于城区。</p>"
        "<p>第三条 养犬人应当为犬只办理登记。</p>",
        "explanation_html": "<p>起草说明：……</p>",
        "channels": "信函请寄至：石城县卫生健康委员会；传真：0797-5711111",
        "starts_on": D(2025, 9, 26),
        "ends_on": D(2025, 10, 13),
    }
    values.update(overrides)
    return ConsultationInput(**values)


def opened(staff, org_tree, **overrides):
    item = services.consultation_create(actor=staff["editor"], org=org_tree["dept"], data=draft(**overrides))
    return services.consultation_open(actor=staff["approver"], consultation=item, today=D(2025, 9, 26))


def test_normative_minimum_is_seven_working_days_across_the_national_day_holiday(staff, org_tree):
    # 国办发〔2018〕37号: 7 working days. From 2025-09-26 they are 9-28 (调休上班), 9-29, 9-30,
    # 10-9, 10-10, 10-11 (调休上班), 10-13: 17 calendar days because of 国庆节、中秋节.
    short = services.consultation_create(
        actor=staff["editor"], org=org_tree["dept"], data=draft(ends_on=D(2025, 10, 10))
    )
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_open(actor=staff["approver"], consultation=short, today=D(2025, 9, 26))
    message = exc.value.fields["shortened_reason"][0]
    assert "5个工作日" in message and "7个工作日" in message and "2025-10-13" in message
    short.refresh_from_db()
    assert short.state == ConsultationState.DRAFT

    ok = opened(staff, org_tree)
    assert ok.state == ConsultationState.PUBLISHED
    event = AuditEvent.objects.get(action="consultation.opened", object_id=str(ok.pk))
    assert event.after["length"] == 7 and event.after["shortened"] is False


def test_shorter_period_needs_a_reason_which_is_public(staff, org_tree):
    item = services.consultation_create(
        actor=staff["editor"],
        org=org_tree["dept"],
        data=draft(draft_type="major_decision", ends_on=D(2025, 10, 25), shortened_reason=""),
    )
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_open(actor=staff["approver"], consultation=item, today=D(2025, 9, 26))
    assert "30个日" in exc.value.fields["shortened_reason"][0]
    assert "第十五条" in exc.value.fields["shortened_reason"][0]
    services.consultation_update(
        actor=staff["editor"],
        consultation=item,
        data=draft(
            draft_type="major_decision", ends_on=D(2025, 10, 25), shortened_reason="防汛工作紧急，须于汛期前实施。"
        ),
        today=D(2025, 9, 26),
    )
    services.consultation_open(actor=staff["approver"], consultation=item, today=D(2025, 9, 26))
    public = selectors.consultation_get_public(pk=item.pk)
    assert public.shortened_reason == "防汛工作紧急，须于汛期前实施。"
    # 30 calendar days exactly (the first day not counted) needs no reason.
    full = services.consultation_create(
        actor=staff["editor"], org=org_tree["dept"], data=draft(draft_type="rule", ends_on=D(2025, 10, 26))
    )
    services.consultation_open(actor=staff["approver"], consultation=full, today=D(2025, 9, 26))


def test_who_may_prepare_and_open(staff, org_tree):
    with pytest.raises(PermissionDenied):
        services.consultation_create(actor=staff["township_editor"], org=org_tree["dept"], data=draft())
    item = services.consultation_create(actor=staff["editor"], org=org_tree["dept"], data=draft())
    with pytest.raises(PermissionDenied):
        services.consultation_open(actor=staff["editor"], consultation=item, today=D(2025, 9, 26))
    with pytest.raises(NotFound):
        services.consultation_open(actor=staff["sibling_admin"], consultation=item, today=D(2025, 9, 26))
    with pytest.raises(NotFound):
        selectors.consultation_get_public(pk=item.pk)  # a draft is not public
    with pytest.raises(ValidationFailed) as exc:  # start in the past
        services.consultation_open(actor=staff["approver"], consultation=item, today=D(2025, 9, 27))
    assert "starts_on" in exc.value.fields


def test_portal_comments_only_while_open_and_a_double_submit_creates_one(staff, org_tree):
    item = opened(staff, org_tree, identity_required=True)
    form = token()
    with pytest.raises(Conflict):
        services.comment_submit(
            consultation=item, body="意见", token=form, today=D(2025, 9, 26) - datetime.timedelta(1)
        )
    with pytest.raises(ValidationFailed) as exc:
        services.comment_submit(consultation=item, body="建议延长过渡期。", token=form, today=D(2025, 9, 30))
    assert set(exc.value.fields) == {"author_name", "author_contact"}
    first, created = services.comment_submit(
        consultation=item,
        body="建议延长过渡期。",
        paragraph=3,
        author_name="张三",
        author_contact="13812345678",
        token=form,
        today=D(2025, 9, 30),
    )
    again, created_again = services.comment_submit(
        consultation=item,
        body="建议延长过渡期。",
        paragraph=3,
        author_name="张三",
        author_contact="13812345678",
        token=form,
        today=D(2025, 9, 30),
    )
    assert created and not created_again and again.pk == first.pk
    assert Comment.objects.count() == 1
    assert first.moderation == Moderation.PENDING and first.received_on == D(2025, 9, 30)
    with pytest.raises(ValidationFailed) as exc:
        services.comment_submit(
            consultation=item,
            body="x",
            paragraph=9,
            author_name="李四",
            author_contact="x",
            token=token(),
            today=D(2025, 9, 30),
        )
    assert "paragraph" in exc.value.fields
    with pytest.raises(Conflict):
        services.comment_submit(
            consultation=item, body="晚了", author_name="王五", author_contact="x", token=token(), today=D(2025, 10, 14)
        )


def test_staff_register_letters_within_the_period_even_after_it_closed(staff, org_tree):
    item = opened(staff, org_tree, accepts_online=False)
    with pytest.raises(Conflict):  # this one takes no online comments
        services.comment_submit(consultation=item, body="意见", token=token(), today=D(2025, 9, 30))
    with pytest.raises(ValidationFailed) as exc:
        services.comment_register(
            actor=staff["editor"],
            consultation=item,
            channel="fax",
            body="第二条适用范围应包括乡镇。",
            received_on=D(2025, 10, 14),
            today=D(2025, 10, 15),
        )
    assert "received_on" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.comment_register(
            actor=staff["editor"],
            consultation=item,
            channel="portal",
            body="x",
            received_on=D(2025, 10, 1),
            today=D(2025, 10, 15),
        )
    comment = services.comment_register(
        actor=staff["editor"],
        consultation=item,
        channel="letter",
        body="第二条适用范围应包括乡镇。",
        received_on=D(2025, 10, 13),
        paragraph=2,
        author_name="琴江镇人民政府",
        today=D(2025, 10, 15),
    )
    assert comment.registered_by == staff["editor"] and comment.channel == "letter"
    with pytest.raises(PermissionDenied):
        services.comment_register(
            actor=staff["reviewer"],
            consultation=item,
            channel="fax",
            body="x",
            received_on=D(2025, 10, 1),
            today=D(2025, 10, 15),
        )


def test_moderation_masks_personal_data_before_a_comment_is_shown(staff, org_tree):
    item = opened(staff, org_tree)
    comment, _ = services.comment_submit(
        consultation=item,
        body="我是本小区业主，手机13812345678，身份证110105199001011232，建议<script>alert(1)</script>增设遛狗区。",
        token=token(),
        today=D(2025, 9, 30),
    )
    assert list(selectors.comments_public(item)) == []  # nothing shown before moderation
    with pytest.raises(ValidationFailed):
        services.comment_moderate(actor=staff["editor"], comment=comment, moderation="not_shown")  # no reason
    services.comment_moderate(actor=staff["editor"], comment=comment, moderation="shown")
    shown = list(selectors.comments_public(item))
    assert len(shown) == 1
    text = shown[0].public_body
    assert "13812345678" not in text and "138****5678" in text
    assert "110105199001011232" not in text
    assert "<script>alert(1)</script>" in text  # kept as typed; the templates show it escaped
    assert AuditEvent.objects.filter(action="privacy.masked", object_id=str(comment.pk)).exists()
    comment.refresh_from_db()
    assert "13812345678" in comment.body  # the original stays for staff


def _closed_with_comments(staff, org_tree):
    item = opened(staff, org_tree)
    comments = []
    for i, text in enumerate(["建议增设遛狗区。", "建议延长过渡期。", "犬只登记应免费。", "广告：办证找我"]):
        c, _ = services.comment_submit(
            consultation=item, body=text, paragraph=(i % 3) + 1, token=token(), today=D(2025, 10, 1)
        )
        comments.append(c)
    fax = services.comment_register(
        actor=staff["editor"],
        consultation=item,
        channel="fax",
        body="第二条适用范围应包括乡镇。",
        received_on=D(2025, 10, 9),
        today=D(2025, 10, 9),
    )
    comments.append(fax)
    for c in comments[:3]:
        services.comment_moderate(actor=staff["editor"], comment=c, moderation="shown")
    services.comment_moderate(actor=staff["editor"], comment=comments[3], moderation="invalid", note="广告")
    return item, comments


def test_decisions_only_after_closing_and_feedback_needs_every_decision(staff, org_tree):
    item, comments = _closed_with_comments(staff, org_tree)
    with pytest.raises(Conflict):  # still open on 10-13
        services.comment_decide(actor=staff["editor"], comment=comments[0], decision="adopted", today=D(2025, 10, 13))
    after = D(2025, 10, 14)
    with pytest.raises(ValidationFailed) as exc:  # not moderated yet
        services.comment_decide(actor=staff["editor"], comment=comments[4], decision="adopted", today=after)
    assert "moderation" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:  # invalid comments need no decision
        services.comment_decide(actor=staff["editor"], comment=comments[3], decision="adopted", today=after)
    with pytest.raises(ValidationFailed) as exc:
        services.comment_decide(actor=staff["editor"], comment=comments[1], decision="not_adopted", today=after)
    assert "reason" in exc.value.fields
    services.comment_decide(
        actor=staff["editor"], comment=comments[0], decision="adopted", reason="已在第五条增加。", today=after
    )
    services.comment_decide(
        actor=staff["editor"], comment=comments[1], decision="partly", reason="过渡期延长至3个月。", today=after
    )
    services.comment_decide(
        actor=staff["editor"],
        comment=comments[2],
        decision="not_adopted",
        reason="登记收费标准由省级价格主管部门规定，不属本规定范围。",
        today=after,
    )
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_publish_feedback(actor=staff["approver"], consultation=item, today=after)
    assert exc.value.code == "feedback_incomplete"
    assert "未审核" in exc.value.fields["comments"][0]
    services.comment_moderate(
        actor=staff["editor"], comment=comments[4], moderation="not_shown", note="来函单位要求不公开"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_publish_feedback(actor=staff["approver"], consultation=item, today=after)
    assert f"意见编号：{comments[4].pk}" in exc.value.fields["comments"][0]
    services.comment_decide(
        actor=staff["editor"],
        comment=comments[4],
        decision="not_adopted",
        reason="登记收费标准由省级价格主管部门规定，不属本规定范围。",
        today=after,
    )
    with pytest.raises(PermissionDenied):
        services.consultation_publish_feedback(actor=staff["editor"], consultation=item, today=after)
    done = services.consultation_publish_feedback(
        actor=staff["approver"], consultation=item, note="共收到意见5条，其中有效意见4条。", today=after
    )
    assert done.state == ConsultationState.FEEDBACK_PUBLISHED
    feedback = done.feedback_snapshot
    assert (feedback["received"], feedback["valid"], feedback["invalid"]) == (5, 4, 1)
    assert feedback["by_channel"] == {"网站": 3, "传真": 1}
    counts = {g["label"]: g["count"] for g in feedback["groups"]}
    assert counts == {"采纳": 1, "部分采纳": 1, "不予采纳": 2}
    not_adopted = next(g for g in feedback["groups"] if g["decision"] == "not_adopted")
    assert len(not_adopted["reasons"]) == 1 and not_adopted["reasons"][0]["count"] == 2
    # Only the comment shown publicly is quoted; the fax that asked not to be shown is counted only.
    assert [c["text"] for c in not_adopted["reasons"][0]["comments"]] == ["犬只登记应免费。"]
    assert feedback["adoption_rate"] == "50.0"
    with pytest.raises(Conflict):
        services.comment_decide(
            actor=staff["editor"], comment=comments[0], decision="not_adopted", reason="x", today=after
        )


def test_closed_consultations_without_feedback_are_listed_with_their_due_date(staff, org_tree):
    item, _ = _closed_with_comments(staff, org_tree)
    # Closed 2025-10-13; feedback due 20 working days later: 2025-11-10.
    pending = selectors.consultations_awaiting_feedback(org=org_tree["county"], today=D(2025, 10, 20))
    assert [(s.consultation.pk, s.due_on, s.overdue_by, s.undecided) for s in pending] == [
        (item.pk, D(2025, 11, 10), 0, 4)
    ]
    late = selectors.consultations_awaiting_feedback(org=org_tree["county"], today=D(2025, 11, 12))
    assert late[0].overdue_by == 2
    assert selectors.consultations_awaiting_feedback(org=org_tree["sibling"], today=D(2025, 11, 12)) == []
    assert selectors.consultations_awaiting_feedback(actor=staff["sibling_admin"], today=D(2025, 11, 12)) == []


def test_public_lists_by_phase(staff, org_tree):
    item = opened(staff, org_tree)
    assert list(selectors.consultation_list_public(which="upcoming", today=D(2025, 9, 25))) == [item]
    assert list(selectors.consultation_list_public(which="open", today=D(2025, 10, 13))) == [item]
    assert list(selectors.consultation_list_public(which="closed", today=D(2025, 10, 13))) == []
    assert list(selectors.consultation_list_public(which="closed", today=D(2025, 10, 14))) == [item]
    assert [p.number for p in selectors.draft_paragraphs(item)] == [1, 2, 3]


def test_attachments_are_checked_by_content(staff, org_tree, tmp_path, settings):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    book = openpyxl.Workbook()
    book.active.append(["条款", "修改说明"])
    data = io.BytesIO()
    book.save(data)
    item = services.consultation_create(actor=staff["editor"], org=org_tree["dept"], data=draft(draft_html=""))
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_attach(
            actor=staff["editor"], consultation=item, upload=SimpleUploadedFile("起草说明.pdf", data.getvalue())
        )
    assert exc.value.code == "attachment_disguised"
    attachment = services.consultation_attach(
        actor=staff["editor"], consultation=item, upload=SimpleUploadedFile("起草说明.xlsx", data.getvalue())
    )
    assert attachment.media_type.endswith("spreadsheetml.sheet")
    # A draft with no text but an attachment may be opened; once open, no more attachments.
    opened_item = services.consultation_open(actor=staff["approver"], consultation=item, today=D(2025, 9, 26))
    with pytest.raises(Conflict):
        services.consultation_attach(
            actor=staff["editor"], consultation=opened_item, upload=SimpleUploadedFile("b.xlsx", data.getvalue())
        )
