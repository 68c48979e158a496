"""Issue 14 — 依申请公开 legal correctness, one scenario per point, fixed dates across 国庆 2025
(10-01..10-08 off; Sun 09-28 and Sat 10-11 working) and New Year 2026 (01-01..01-03 off; Sun 01-04
working). Due dates are asserted to the day, letter texts verbatim where the law fixes them."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.foi import fees, outcomes, remedies, selectors, services
from gongkai.foi.models import Application, Letter
from gongkai.foi.tests.conftest import applicant, request
from gongkai.orgs.roles import Level, Role

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db

REVIEW_FIRST_DEPT = (
    "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款的规定，您如对本机关不予公开的决定不服，"
    "应当先自收到本答复之日起60日内向石城县人民政府申请行政复议；对行政复议决定不服的，"
    "可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。"
)
EITHER_ROUTE_DEPT = (
    "如对本答复不服，可以自收到本答复之日起60日内向石城县人民政府申请行政复议，"
    "或者自收到本答复之日起6个月内向人民法院提起行政诉讼。"
)


def _reply(people, app, outcome, on, **details):
    return services.reply_draft(
        actor=people["officer"],
        application=app,
        details=services.ReplyDetails(outcome=outcome, **details),
        today=on,
    )


# --------------------------------------------------------------------------- point 1: 复议前置


def test_p1_review_first_exactly_for_withholding_and_the_edit_check_keeps_periods(register, people):
    app = register("2025-09-26")
    withheld = _reply(people, app, "withheld_process_info", D("2025-10-15"), reasons="所申请的是分配方案的讨论稿。")
    assert REVIEW_FIRST_DEPT in withheld.body.splitlines()
    assert "6个月" not in withheld.body  # no direct suit offered where 复议前置 applies
    # an edit keeping the words 行政复议/行政诉讼 but dropping the periods and the body is refused
    gutted = withheld.body.replace(REVIEW_FIRST_DEPT, "如不服，可申请行政复议或提起行政诉讼。")
    with pytest.raises(ValidationFailed) as refused:
        services.letter_edit(actor=people["officer"], letter=withheld, body=gutted)
    assert refused.value.code == "remedies_missing"
    disclosed = _reply(people, app, "disclosed", D("2025-10-15"), provision="邮寄")
    assert EITHER_ROUTE_DEPT in disclosed.body.splitlines() and "应当先" not in disclosed.body
    assert set(outcomes.REVIEW_FIRST_KEYS) == {*outcomes.WITHHOLDING_KEYS, "partly_disclosed"}
    part = remedies.remedies_paragraphs("partly_disclosed", "石城县人民政府")
    assert "不予公开部分的决定不服" in part[0] and "应当先" in part[0] and "6个月" in part[1]


# --------------------------------------------------------------------------- point 2: 复议机关


@pytest.fixture
def province(superuser):
    from conftest import make_credit_code

    from gongkai.orgs.services import organization_create

    return organization_create(
        actor=superuser, name="江西省人民政府", level=Level.PROVINCE, credit_code=make_credit_code("360000"), slug="jx"
    )


def test_p2_review_body_per_org_type(org_tree, province):
    body = {key: selectors.review_body_of(org) for key, org in org_tree.items()}
    assert body["dept"].name == "石城县人民政府" and "第二十四条第一款第（一）项" in body["dept"].basis  # 本级政府
    assert body["county"].name == "赣州市人民政府" and "第（二）项" in body["county"].basis  # 上一级政府
    assert body["township"].name == "石城县人民政府"
    assert body["sibling"].name == "赣州市人民政府"
    assert not body["city"].resolved  # a city at the root of the tree: an admin must name it
    assert selectors.review_body_of(province).name == "江西省人民政府"  # 第二十四条第二款


def test_p2_vertical_system_and_override_by_an_admin_with_reason_audited(register, people, org_tree, make_user):
    dept = org_tree["dept"]
    with pytest.raises(PermissionDenied):
        services.review_body_set(actor=people["officer"], org=dept, body_name="x", reason="y")
    with pytest.raises(ValidationFailed) as missing:
        services.review_body_set(actor=people["admin"], org=dept, vertical_system="tax", body_name="", reason="")
    assert {"body_name", "reason"} <= set(missing.value.fields)
    result = services.review_body_set(
        actor=people["admin"],
        org=dept,
        vertical_system="tax",
        body_name="国家税务总局赣州市税务局",
        reason="本机关实行垂直领导（行政复议法第二十七条）",
    )
    assert result.name == "国家税务总局赣州市税务局" and "第二十七条" in result.basis and result.source == "vertical"
    event = AuditEvent.objects.get(action="foi.review_body_set")
    assert event.after["vertical_system"] == "tax" and "垂直领导" in event.after["reason"]
    app = register("2025-09-26")
    letter = _reply(people, app, "withheld_internal_affairs", D("2025-10-15"), reasons="考勤记录属于人事管理信息。")
    assert "应当先自收到本答复之日起60日内向国家税务总局赣州市税务局申请行政复议" in letter.body
    services.review_body_clear(actor=people["admin"], org=dept, reason="机构改革后不再垂直管理")
    assert selectors.review_body_of(dept).name == "石城县人民政府"
    # the draft named the old body: signing is refused until it is drafted again
    with pytest.raises(Conflict, match="救济途径"):
        services.application_reply(actor=people["officer"], application=app, on=D("2025-10-15"))


def test_p2_unresolved_body_blocks_the_draft(org_tree, superuser, make_user):
    city_officer = make_user("city-officer", org=org_tree["city"], role=Role.FOI_OFFICER)
    app, _ = services.application_register(
        actor=city_officer,
        org=org_tree["city"],
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", D("2025-09-26")),
        today=D("2025-09-26"),
    )
    with pytest.raises(Conflict, match="行政复议机关"):
        services.reply_draft(
            actor=city_officer,
            application=app,
            details=services.ReplyDetails(outcome="disclosed", provision="邮寄"),
            today=D("2025-10-09"),
        )


# --------------------------------------------------------------------------- point 3: bounded pause


def test_p3_late_third_party_answer_does_not_stretch_the_deadline(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    consultation = services.application_start_consultation(
        actor=people["officer"], application=app, kind="third_party", party_name="某医药公司", sent_on=D("2025-10-10")
    )
    assert consultation.reply_due_on == D("2025-10-30")
    # unanswered, the clock runs again once the 15 working days are over: on 11-10 it is not paused
    services.foi_scan(today=D("2025-11-10"))
    app.refresh_from_db()
    assert (app.due_on, app.clock_paused) == (D("2025-11-20"), False)
    # 5 WD used by 10-10; excluded 10-11..10-30; then 10-31, 11-03.. 15 more WD → 11-20, whatever day
    # the late answer is recorded
    late = services.application_end_consultation(
        actor=people["officer"], consultation=consultation, answer="objection", reasons="商业秘密", on=D("2025-11-10")
    )
    app.refresh_from_db()
    assert late.late and late.answered_on == D("2025-11-10")
    assert app.due_on == D("2025-11-20") and app.state == "in_progress"
    assert "超过15个工作日" in " ".join(selectors.clock_of(app, today=D("2025-11-10")).explanation)


# --------------------------------------------------------------------------- point 4: 第三十五条


def test_p4_mass_application_asks_for_reasons_before_refusing(register, people):
    officer = people["officer"]
    app = register("2025-09-26")
    letter = services.application_request_reasons(
        actor=officer, application=app, note="一个月内申请120件", on=D("2025-09-29")
    )
    # 10 working days after 09-29: 09-30, 10-09, 10-10, 10-11 (Sat, 调休), 10-13..10-17, 10-20
    assert letter.kind == "reasons_request" and letter.number == "县卫健委依申请说明理由〔2025〕1号"
    assert "请于2025年10月20日（含）前以书面形式向本机关说明理由" in letter.body and "第三十五条" in letter.body
    with pytest.raises(Conflict, match="第三十五条"):  # 不予处理 needs the reasons first
        _reply(people, app, "not_processed_excessive", D("2025-10-15"), reasons="x")
    with pytest.raises(Conflict, match="尚未届满"):
        services.application_record_reasons(actor=officer, application=app, verdict="not_given", on=D("2025-10-20"))
    services.application_record_reasons(actor=officer, application=app, verdict="not_given", on=D("2025-10-21"))
    reply = _reply(people, app, "not_processed_excessive", D("2025-10-21"), reasons="逾期未说明理由。")
    assert "本机关已于2025年9月29日要求您说明理由（期限至2025年10月20日），您逾期未说明理由。" in reply.body


def test_p4_reasonable_period_produces_its_notice(register, people):
    officer = people["officer"]
    app = register("2025-09-26")
    services.application_request_reasons(
        actor=officer, application=app, note="一个月内申请60件", reply_by=D("2025-10-10"), on=D("2025-09-29")
    )
    services.application_record_reasons(
        actor=officer, application=app, verdict="reasonable", reasons="课题研究", on=D("2025-10-09")
    )
    notice = services.application_set_reasonable_period(
        actor=officer, application=app, working_days=40, reason="所需信息涉及档案较多", on=D("2025-10-10")
    )
    app.refresh_from_db()
    assert app.due_on == D("2025-11-27")  # 40 working days after 09-26, across 国庆
    assert notice.kind == "reasonable_period" and "本机关将于2025年11月27日（含）前作出答复" in notice.body


# --------------------------------------------------------------------------- point 5: 第三十二条 notice


def test_p5_disclosure_over_an_objection_waits_for_the_notice_and_its_date(register, people):
    officer = people["officer"]
    app = register("2025-09-26")
    services.application_accept(actor=officer, application=app, on=D("2025-09-29"))
    consultation = services.application_start_consultation(
        actor=officer, application=app, kind="third_party", party_name="某医药公司", sent_on=D("2025-09-30")
    )
    services.application_end_consultation(
        actor=officer, consultation=consultation, answer="objection", reasons="商业秘密", on=D("2025-10-09")
    )
    _reply(people, app, "disclosed", D("2025-10-10"), provision="邮寄")
    with pytest.raises(Conflict, match="须先书面告知第三方"):
        services.application_reply(actor=officer, application=app, on=D("2025-10-10"))
    notice = services.application_notify_third_party(
        actor=officer,
        application=app,
        reasons="该价格系财政资金采购的结果，不公开可能对公共利益造成重大影响。",
        disclose_on=D("2025-10-20"),
        on=D("2025-10-10"),
    )
    assert notice.recipient == "某医药公司" and "张三" not in notice.body
    assert (
        "本机关将于2025年10月20日起向申请人公开上述信息" in notice.body
        and "不公开可能对公共利益造成重大影响" in notice.body
    )
    with pytest.raises(Conflict, match="2025年10月20日起公开"):
        services.application_reply(actor=officer, application=app, on=D("2025-10-17"))
    services.application_reply(actor=officer, application=app, on=D("2025-10-20"))
    assert Application.objects.get(pk=app.pk).state == "replied"


# --------------------------------------------------------------------------- point 6: reasons


def test_p6_every_withholding_outcome_states_its_reason_and_the_law(register, people):
    app = register("2025-09-26")
    for key in outcomes.WITHHOLDING_KEYS:
        with pytest.raises(ValidationFailed) as missing:
            _reply(people, app, key, D("2025-10-15"))
        assert "reasons" in missing.value.fields, key
    with pytest.raises(ValidationFailed) as no_law:
        _reply(people, app, "withheld_prohibited_by_law", D("2025-10-15"), reasons="统计资料", law_article="统计法")
    assert "law_article" in no_law.value.fields
    letter = _reply(
        people,
        app,
        "withheld_prohibited_by_law",
        D("2025-10-15"),
        reasons="所申请的是能够识别单个统计调查对象的资料。",
        law_article="《中华人民共和国统计法》第三十九条",
    )
    assert "理由：所申请的是能够识别单个统计调查对象的资料。" in letter.body
    assert "具体依据：《中华人民共和国统计法》第三十九条。" in letter.body


# --------------------------------------------------------------------------- point 7: fees


def test_p7_fee_notice_only_within_the_reply_period(register, people):
    app = register("2025-09-26")  # due 2025-10-30
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    with pytest.raises(Conflict, match="答复期限已于2025年10月30日届满"):
        services.application_send_fee_notice(
            actor=people["officer"],
            application=app,
            method="by_page",
            quantity=250,
            payment_method="转账",
            on=D("2025-10-31"),
        )


def test_p7_pay_period_runs_from_receipt_by_channel_across_new_year(register, people):
    officer = people["officer"]
    handed = register("2025-12-15")
    services.application_accept(actor=officer, application=handed, on=D("2025-12-15"))
    notice = services.application_send_fee_notice(
        actor=officer, application=handed, method="by_page", quantity=250, payment_method="转账", on=D("2025-12-26")
    )
    assert notice.pay_by == D("2026-01-26")
    letter = Letter.objects.get(application=handed, kind="fee")
    assert "请自收到本通知之日起20个工作日内，即2026年1月26日（含）前缴纳。" in letter.body
    mailed = register("2025-12-15")
    services.application_accept(actor=officer, application=mailed, on=D("2025-12-15"))
    notice = services.application_send_fee_notice(
        actor=officer,
        application=mailed,
        method="by_page",
        quantity=250,
        payment_method="转账",
        delivery="mail",
        on=D("2025-12-26"),
    )
    assert notice.pay_by is None
    assert "自签收之日的次日起算" in Letter.objects.get(application=mailed, kind="fee").body
    with pytest.raises(Conflict, match="尚未登记签收"):  # no lapse before the receipt is known
        _reply(people, mailed, "other_fee_unpaid", D("2026-02-10"))
    notice = services.application_record_fee_delivery(actor=officer, application=mailed, delivered_on=D("2025-12-31"))
    # 20 WD after 12-31: Sun 01-04 (调休), 01-05..01-09, 01-12..16, 01-19..23, 01-26..29 → 01-29
    assert notice.pay_by == D("2026-01-29")
    with pytest.raises(Conflict, match="尚未届满"):
        _reply(people, mailed, "other_fee_unpaid", D("2026-01-29"))
    _reply(people, mailed, "other_fee_unpaid", D("2026-01-30"))


# --------------------------------------------------------------------------- point 8: smaller ones


def test_p8_correction_after_acceptance_within_seven_working_days(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    services.application_request_correction(
        actor=people["officer"], application=app, items=["年份"], deadline=D("2025-10-27"), on=D("2025-10-13")
    )
    app.refresh_from_db()
    assert app.state == "awaiting_correction" and app.due_on is None


def test_p8_repeat_only_after_an_earlier_answer_and_linked(register, people):
    earlier = register("2025-09-26")
    current = register("2025-12-29")
    with pytest.raises(ValidationFailed) as unanswered:  # the earlier one is not answered yet
        _reply(people, current, "not_processed_repeated", D("2025-12-30"), earlier_application="YSQ-2025-0001")
    assert "earlier_application" in unanswered.value.fields
    _reply(people, earlier, "disclosed", D("2025-10-09"), provision="邮寄")
    services.application_reply(actor=people["officer"], application=earlier, on=D("2025-10-09"))
    letter = _reply(people, current, "not_processed_repeated", D("2025-12-30"), earlier_application="YSQ-2025-0001")
    assert (
        "您于2025年9月26日提出的政府信息公开申请（登记号：YSQ-2025-0001），"
        "本机关已于2025年10月9日作出答复（县卫健委依申请答复〔2025〕1号）。"
    ) in letter.body


def test_p8_labels_items_and_fee_text():
    choices = dict(outcomes.OUTCOME_CHOICES)
    assert choices["disclosed"] == "（一）予以公开"
    assert choices["partly_disclosed"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert choices["withheld_state_secret"] == "（三）不予公开 1.属于国家秘密"
    assert outcomes.legal_basis_for("disclosed", {"published_url": "https://x"}).endswith("第三十六条第（一）项")
    assert outcomes.legal_basis_for("unavailable_not_held", {}).endswith("第三十六条第（四）项")
    assert outcomes.legal_basis_for("unavailable_not_held", {"responsible_agency": "县财政局"}).endswith("第（五）项")
    one = fees.fee_by_piece(1, already_this_month=11)
    text = "".join(one.explanation)
    assert "累计第12件" in text and "第12至12件" not in text
    from gongkai.foi.letters import compose_fee
    from gongkai.foi.samples import SampleCase

    body = compose_fee(SampleCase(), one, D("2025-10-30"), "转账")
    assert "。；" not in body and "第12至12件" not in body and "即2025年10月30日（含）前缴纳" in body


def test_p8_weekend_online_submission_follows_one_configurable_rule(org_tree):
    # Saturday 2025-10-04, inside the 国庆 holiday
    same, _, _ = services.application_submit(
        org=org_tree["dept"], applicant=applicant(), request=request(), today=D("2025-10-04")
    )
    assert (same.received_on, same.due_on) == (D("2025-10-04"), D("2025-11-04"))
    with override_settings(FOI_ONLINE_RECEIPT_RULE="next_working_day"):
        later, _, _ = services.application_submit(
            org=org_tree["dept"], applicant=applicant(), request=request(), today=D("2025-10-04")
        )
    assert (later.received_on, later.due_on) == (D("2025-10-09"), D("2025-11-05"))
    assert "FOI_ONLINE_RECEIPT_RULE" in later.receipt_basis


# --------------------------------------------------------------------------- the review CLI


def test_letter_sample_cli_renders_every_row(tmp_path, capsys):
    from django.core.management import call_command

    from gongkai.foi.samples import ROWS

    call_command("foi", "letter-sample", "--outcome", "withheld_state_secret")
    assert REVIEW_FIRST_DEPT in capsys.readouterr().out
    call_command("foi", "letter-sample", "--outcome", "withheld_state_secret", "--org-kind", "county")
    assert "应当先自收到本答复之日起60日内向赣州市人民政府申请行政复议" in capsys.readouterr().out
    call_command("foi", "letter-sample", "--outcome", "all", "--format", "text", "--out", str(tmp_path))
    written = sorted(p.stem for p in tmp_path.iterdir())
    assert written == sorted(ROWS) and len(written) == len(outcomes.OUTCOME_KEYS) + 8
    out = tmp_path / "one.pdf"
    call_command("foi", "letter-sample", "--outcome", "fee", "--format", "pdf", "--out", str(out))
    assert out.read_bytes()[:4] == b"%PDF"
