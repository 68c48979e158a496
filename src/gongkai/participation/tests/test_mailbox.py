"""领导信箱: routing, working-day deadlines, review and masking before the wall, ratings,
reopening for 回访, 督办 and the statistics, with fixed dates and hand computations."""

import datetime

import pytest
from django.conf import settings

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.participation import domain, selectors, services, wall
from gongkai.participation.models import Message, MessageEvent, MessageState
from gongkai.participation.tests.conftest import token
from gongkai.workdays import selectors as workdays

pytestmark = pytest.mark.django_db
D = datetime.date


def write(org, *, on, public=True, body="小区门口路灯损坏三个月未修。", **extra):
    form = extra.pop("form_token", None) or token()
    message, secret, _ = services.message_submit(
        org=org,
        category="complain",
        subject="路灯损坏",
        body=body,
        writer_name="刘红梅",
        writer_phone="13912345678",
        wants_public=public,
        token=form,
        today=on,
        **extra,
    )
    return message, secret


def answered(staff, org_tree, *, received, replied, reply="已安排维修，三日内修复。", **kw):
    message, secret = write(org_tree["county"], on=received, **kw)
    services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["dept"], today=received)
    services.message_reply(actor=staff["editor"], message=message, reply=reply, today=replied)
    services.message_review(actor=staff["reviewer"], message=message, approve=True, today=replied)
    message.refresh_from_db()
    return message, secret


def test_deadline_in_working_days_from_receipt_per_org_setting(staff, org_tree):
    # Default 10 WD from Friday 2025-09-26: 9-28 (调休上班), 9-29, 9-30, [国庆节、中秋节 10-1…10-8],
    # 10-9, 10-10, 10-11 (调休上班), 10-13, 10-14, 10-15, 10-16.
    message, _ = write(org_tree["county"], on=D(2025, 9, 26))
    assert (message.due_on, message.due_provisional) == (D(2025, 10, 16), False)
    assert workdays.deadlines_for("participation.message", message.pk).get().due_date == D(2025, 10, 16)
    services.settings_save(actor=staff["admin"], org=org_tree["county"], mailbox_reply_working_days=5)
    with pytest.raises(PermissionDenied):
        services.settings_save(actor=staff["editor"], org=org_tree["county"], mailbox_reply_working_days=3)
    with pytest.raises(ValidationFailed):
        services.settings_save(actor=staff["admin"], org=org_tree["county"], mailbox_reply_working_days=0)
    # The county's setting applies to its township's mailbox too.
    second, _ = write(org_tree["township"], on=D(2025, 9, 26))
    assert second.due_on == D(2025, 10, 10)


def test_a_double_submit_creates_one_message_with_the_same_password(org_tree):
    form = token()
    first, secret1 = write(org_tree["county"], on=D(2025, 9, 26), form_token=form)
    again, secret2 = write(org_tree["county"], on=D(2025, 9, 26), form_token=form)
    assert first.pk == again.pk and secret1 == secret2 and len(secret1) == 12
    assert Message.objects.count() == 1
    assert selectors.message_for_writer(code=first.code, secret=secret1).pk == first.pk
    with pytest.raises(NotFound):
        selectors.message_for_writer(code=first.code, secret="wrong-secret")
    assert secret1 not in first.secret_digest  # only a digest is stored
    assert first.secret_digest == domain.digest(domain.derive_secret(settings.SECRET_KEY, form))


def test_submit_validation_keeps_nothing_and_reports_every_field(org_tree):
    with pytest.raises(ValidationFailed) as exc:
        services.message_submit(
            org=org_tree["county"],
            category="nonsense",
            subject="",
            body="",
            writer_name="",
            token=token(),
            today=D(2025, 9, 26),
        )
    assert set(exc.value.fields) == {"category", "subject", "body", "writer_name", "writer_phone"}
    with pytest.raises(ValidationFailed):
        services.message_submit(
            org=org_tree["county"], category="consult", subject="s", body="b", writer_name="n", token="short"
        )
    assert not Message.objects.exists()


def test_routing_reply_review_and_the_public_wall(staff, org_tree):
    message, _ = write(
        org_tree["county"], on=D(2025, 9, 26), body="我叫刘红梅，手机13912345678，住址：石城县琴江镇东村3组，路灯坏了。"
    )
    with pytest.raises(NotFound):  # not routed to the department yet: it may not know of it
        services.message_route(actor=staff["editor"], message=message, handling_org=org_tree["dept"])
    with pytest.raises(PermissionDenied):  # only the mailbox office's admin routes
        services.message_route(actor=staff["reviewer"], message=message, handling_org=org_tree["dept"])
    with pytest.raises(ValidationFailed):  # not within the county
        services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["sibling"])
    with pytest.raises(Conflict):
        services.message_reply(actor=staff["admin"], message=message, reply="x")
    services.message_route(
        actor=staff["admin"], message=message, handling_org=org_tree["township"], today=D(2025, 9, 26)
    )
    # 改派: routed again to the right unit
    services.message_route(
        actor=staff["admin"], message=message, handling_org=org_tree["dept"], note="属卫健委职责", today=D(2025, 9, 28)
    )
    with pytest.raises(NotFound):  # the township no longer handles it and may not see it
        services.message_reply(actor=staff["township_editor"], message=message, reply="x")
    services.message_reply(
        actor=staff["editor"],
        message=message,
        reply="刘红梅您好：经核实，路灯已于10月9日修复。如有疑问请联系经办人，电话13712345678。",
        today=D(2025, 10, 9),
    )
    assert list(selectors.reply_wall()) == []  # not before review
    services.message_review(
        actor=staff["reviewer"], message=message, approve=False, note="请核实修复日期", today=D(2025, 10, 9)
    )
    message.refresh_from_db()
    assert message.state == MessageState.ROUTED
    services.message_reply(
        actor=staff["editor"], message=message, reply="刘红梅您好：路灯已于10月10日修复。", today=D(2025, 10, 10)
    )
    with pytest.raises(PermissionDenied):
        services.message_review(actor=staff["editor"], message=message, approve=True)
    services.message_review(actor=staff["reviewer"], message=message, approve=True, today=D(2025, 10, 10))
    message.refresh_from_db()
    assert (message.state, message.answered_on, message.first_answered_on) == (
        MessageState.ANSWERED,
        D(2025, 10, 10),
        D(2025, 10, 10),
    )
    assert not workdays.deadlines_for("participation.message", message.pk).get().is_open
    wall = list(selectors.reply_wall())
    assert [m.pk for m in wall] == [message.pk]
    shown = wall[0]
    for private in ("13912345678", "刘红梅", "东村3组"):
        assert private not in shown.public_body + shown.public_reply + shown.public_subject
    assert "139****5678" in shown.public_body
    assert message.reply.startswith("刘红梅")  # the writer's own copy is unmasked
    kinds = list(message.events.values_list("kind", flat=True))
    assert kinds == ["received", "routed", "routed", "replied", "returned", "replied", "released"]


def test_a_private_message_never_reaches_the_wall(staff, org_tree):
    message, _ = answered(staff, org_tree, received=D(2025, 9, 1), replied=D(2025, 9, 3), public=False)
    assert message.state == MessageState.ANSWERED and not message.on_wall
    assert message.public_body == "" and message.public_reply == ""
    assert list(selectors.reply_wall()) == []
    with pytest.raises(NotFound):
        selectors.wall_message_get(pk=message.pk)


def test_unhappy_rating_reopens_the_case_for_follow_up_with_a_new_deadline(staff, org_tree):
    message, secret = answered(staff, org_tree, received=D(2025, 9, 26), replied=D(2025, 10, 9))
    with pytest.raises(NotFound):
        services.message_rate(message=message, secret="guess", satisfaction="satisfied")
    services.message_rate(message=message, secret=secret, satisfaction="unsatisfied", today=D(2025, 10, 13))
    message.refresh_from_db()
    # Reopened on Monday 2025-10-13: 10 WD → 2025-10-27.
    assert (message.state, message.reopen_count, message.due_on) == (MessageState.REOPENED, 1, D(2025, 10, 27))
    assert workdays.deadlines_for("participation.message", message.pk).get().is_open
    with pytest.raises(Conflict):
        services.message_rate(message=message, secret=secret, satisfaction="satisfied")
    with pytest.raises(ValidationFailed):
        services.message_follow_up(actor=staff["editor"], message=message, note="", reply="")
    services.message_follow_up(
        actor=staff["editor"],
        message=message,
        note="10月14日电话回访，来信人反映另一盏路灯也坏了，已现场核实。",
        reply="两盏路灯均已修复。",
        today=D(2025, 10, 14),
    )
    services.message_review(actor=staff["admin"], message=message, approve=True, today=D(2025, 10, 15))
    message.refresh_from_db()
    assert (message.state, message.first_answered_on, message.answered_on) == (
        MessageState.ANSWERED,
        D(2025, 10, 9),
        D(2025, 10, 15),
    )
    assert message.satisfaction == "unsatisfied"  # until the writer rates again
    services.message_rate(message=message, secret=secret, satisfaction="basic", today=D(2025, 10, 16))
    message.refresh_from_db()
    assert (message.state, message.satisfaction) == (MessageState.ANSWERED, "basic")
    with pytest.raises(ValidationFailed):
        services.message_rate(message=message, secret=secret, satisfaction="satisfied")
    assert MessageEvent.objects.filter(message=message, kind="followed_up").count() == 1


def test_dismissal_needs_a_reason_and_closes_the_deadline(staff, org_tree):
    message, _ = write(org_tree["county"], on=D(2025, 9, 26))
    with pytest.raises(ValidationFailed):
        services.message_dismiss(actor=staff["admin"], message=message, reason=" ")
    services.message_dismiss(actor=staff["admin"], message=message, reason="属信访事项，已转县信访局。")
    message.refresh_from_db()
    assert message.state == MessageState.DISMISSED
    assert not workdays.deadlines_for("participation.message", message.pk).get().is_open
    with pytest.raises(Conflict):
        services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["dept"])


def _september(staff, org_tree):
    m1, s1 = answered(staff, org_tree, received=D(2025, 9, 1), replied=D(2025, 9, 5))
    m2, s2 = answered(staff, org_tree, received=D(2025, 9, 2), replied=D(2025, 9, 12))
    m3, s3 = answered(staff, org_tree, received=D(2025, 9, 3), replied=D(2025, 9, 4))
    services.message_rate(message=m1, secret=s1, satisfaction="satisfied", today=D(2025, 9, 5))
    services.message_rate(message=m2, secret=s2, satisfaction="basic", today=D(2025, 9, 12))
    services.message_rate(message=m3, secret=s3, satisfaction="unsatisfied", today=D(2025, 9, 5))
    m4, _ = write(org_tree["county"], on=D(2025, 9, 10))
    services.message_route(actor=staff["admin"], message=m4, handling_org=org_tree["dept"], today=D(2025, 9, 10))
    m5, _ = write(org_tree["county"], on=D(2025, 9, 15))
    services.message_dismiss(actor=staff["admin"], message=m5, reason="重复留言")
    answered(staff, org_tree, received=D(2025, 10, 9), replied=D(2025, 10, 10))  # outside the period
    write(org_tree["sibling"], on=D(2025, 9, 10))  # another county
    return m3, m4


def test_statistics_match_a_hand_computation(staff, org_tree):
    m3, m4 = _september(staff, org_tree)
    stats = selectors.mailbox_statistics(
        org_tree["county"], start=D(2025, 9, 1), end=D(2025, 9, 30), today=D(2025, 9, 30)
    )
    t = stats.total
    # 受理 4 (m1–m4; m5 dismissed); 办结 2 (m1, m2; m3 reopened, m4 open) → 50.0%.
    assert (t.received, t.closed, str(t.closure_rate)) == (4, 2, "50.0")
    # Rated 3 (m1 满意, m2 基本满意, m3 不满意) → 2/3 = 66.66…% cut to 66.6%.
    assert (t.rated, t.satisfied, t.unsatisfied, str(t.satisfaction_rate)) == (3, 2, 1, "66.6")
    # First replies after 4, 8 and 1 working days: 13/3 = 4.3.
    assert str(t.average_reply_working_days) == "4.3"
    # m4 due 2025-09-24 and m3 reopened on 09-05, due 09-19: both open and late on 09-30.
    assert t.overdue_open == 2
    assert [(o.name, f.received) for o, f in stats.by_org] == [("石城县人民政府", 4)]
    overdue = selectors.messages_overdue(org_tree["city"], today=D(2025, 9, 30))
    # Late by the working days after the due date up to 09-30, Sunday 09-28 (调休上班) included.
    assert [(o.message.pk, o.due_on, o.late_by) for o in overdue] == [
        (m3.pk, D(2025, 9, 19), 8),
        (m4.pk, D(2025, 9, 24), 5),
        (Message.objects.get(org=org_tree["sibling"]).pk, D(2025, 9, 24), 5),
    ]
    assert len(selectors.messages_overdue(org_tree["county"], today=D(2025, 9, 30))) == 2
    city = selectors.mailbox_statistics(org_tree["city"], start=D(2025, 9, 1), end=D(2025, 9, 30), today=D(2025, 9, 30))
    assert city.total.received == 5 and len(city.by_org) == 2


def test_the_seed_city_report_1795_received_1777_closed(org_tree):
    """Seed 001: 2020年 市长信箱 受理1795件，办结1777件，办结率98.9%，满意率90%.

    1777/1795 = 98.997…%: the report's 98.9% is the figure cut to one decimal, which is how
    `domain.rate` computes it (rounding would claim 99.0%). With 1777 rated and 1600 满意 or
    基本满意, satisfaction is 90.04…% → 90.0%.
    """
    assert str(domain.rate(1777, 1795)) == "98.9"
    rows = []
    for i in range(1795):
        closed = i < 1777
        rows.append(
            Message(
                org=org_tree["city"],
                code=f"T{i:06d}",
                secret_digest="x",
                category="consult",
                subject="s",
                body="b",
                writer_name="w",
                received_on=D(2020, 1, 1) + datetime.timedelta(days=i % 360),
                state=MessageState.ANSWERED if closed else MessageState.ROUTED,
                satisfaction=("satisfied" if i < 1200 else "basic" if i < 1600 else "unsatisfied") if closed else "",
                due_on=D(2021, 1, 31),
            )
        )
    Message.objects.bulk_create(rows)
    t = selectors.mailbox_statistics(
        org_tree["city"], start=D(2020, 1, 1), end=D(2020, 12, 31), today=D(2021, 1, 5)
    ).total
    assert (t.received, t.closed, str(t.closure_rate)) == (1795, 1777, "98.9")
    assert (t.rated, t.satisfied, str(t.satisfaction_rate)) == (1777, 1600, "90.0")


def test_the_wall_shows_only_what_the_reviewer_saw_masked(staff, org_tree):
    """条例第十五条: an address in the reply is masked in the preview; a third party's name in
    running text (no scanner finds it) is removed by the reviewer's edit; what is approved is
    exactly what the wall shows, and the case file keeps the originals."""
    message, _ = write(org_tree["county"], on=D(2025, 9, 26), body="邻居张三在琴江镇建设路88号门口乱倒垃圾。")
    services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["dept"], today=D(2025, 9, 26))
    services.message_reply(
        actor=staff["editor"],
        message=message,
        reply="已派人到琴江镇建设路88号查看，已责令张三清理。",
        today=D(2025, 10, 9),
    )
    message.refresh_from_db()
    preview = wall.wall_preview(message)
    assert "建设路88号" not in preview.public_body + preview.public_reply  # the address the scanner finds
    assert "张三" in preview.public_body  # a bare name in running text: only a person sees it
    edits = {
        "public_body": preview.public_body.replace("张三", "某居民"),
        "public_reply": preview.public_reply.replace("张三", "当事人"),
    }
    services.message_review(actor=staff["reviewer"], message=message, approve=True, **edits, today=D(2025, 10, 9))
    shown = next(iter(selectors.reply_wall()))
    assert (shown.public_body, shown.public_reply) == (edits["public_body"], edits["public_reply"])
    assert "张三" not in shown.public_subject + shown.public_body + shown.public_reply
    message.refresh_from_db()
    assert message.body.startswith("邻居张三")  # the case file keeps the original


def test_an_approved_copy_with_personal_data_is_sent_back_not_published(staff, org_tree):
    message, _ = write(org_tree["county"], on=D(2025, 9, 26))
    services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["dept"], today=D(2025, 9, 26))
    services.message_reply(actor=staff["editor"], message=message, reply="已修复。", today=D(2025, 10, 9))
    with pytest.raises(ValidationFailed) as refused:
        services.message_review(
            actor=staff["reviewer"],
            message=message,
            approve=True,
            public_reply="已修复。如有疑问请联系李四，电话13512345678。",
            today=D(2025, 10, 9),
        )
    assert refused.value.code == "wall_personal_data"
    assert "public_reply" in refused.value.fields
    message.refresh_from_db()
    assert message.state == MessageState.REPLIED and not message.on_wall
    assert list(selectors.reply_wall()) == []


@pytest.mark.parametrize("role", ["admin", "editor", "reviewer", "approver", "foi_officer"])
@pytest.mark.parametrize("where", ["county", "dept", "township", "city", "sibling"])
def test_the_staff_list_shows_exactly_the_messages_whose_detail_opens(org_tree, make_user, role, where):
    """One visibility rule for list and detail: no listed message answers 404 to the same user."""
    received, _ = write(org_tree["county"], on=D(2025, 9, 26))
    routed, _ = write(org_tree["county"], on=D(2025, 9, 26))
    admin = make_user("mailbox-admin", org=org_tree["county"], role="admin")
    services.message_route(actor=admin, message=routed, handling_org=org_tree["dept"], today=D(2025, 9, 26))
    user = make_user(f"u-{role}-{where}", org=org_tree[where], role=role)
    listed = set(selectors.messages_for_staff(user).values_list("pk", flat=True))
    opened = set()
    for message in (received, routed):
        try:
            selectors.message_get_for_staff(actor=user, pk=message.pk)
        except NotFound:
            continue
        opened.add(message.pk)
    assert listed == opened
