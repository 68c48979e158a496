"""One scenario per outcome row (table 三 rows 3–23): intake → reply letter → closed.

Issue 14 changed what each letter must carry: the specific reason of every 不予公开 row (第三十六条
第（三）项), the law and article for 法律、行政法规禁止公开, the earlier answer a 重复申请 refers to,
the 第三十五条 steps before 不予处理, the items of 第三十六条 that apply, and the remedies of the
2023 行政复议法 (复议前置 exactly for the withholding outcomes)."""

import datetime

import pytest

from gongkai.foi import outcomes, remedies, selectors, services
from gongkai.foi.models import Letter

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db

REPORT_ROW_KEYS = (
    "disclosed",
    "partly_disclosed",
    "withheld_state_secret",
    "withheld_prohibited_by_law",
    "withheld_three_security_one_stability",
    "withheld_third_party",
    "withheld_internal_affairs",
    "withheld_process_info",
    "withheld_enforcement_file",
    "withheld_inquiry_matter",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear_after_correction",
    "not_processed_petition",
    "not_processed_repeated",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
    "other_no_correction",
    "other_fee_unpaid",
    "other_reason",
)

DETAILS = {
    "disclosed": {"provision": "以电子邮件发送《2024年医疗救助资金分配表》。"},
    "partly_disclosed": {
        "provision": "以电子邮件发送可以公开的部分。",
        "withheld_ground": "withheld_third_party",
        "reasons": "救助对象的姓名、身份证号属于个人隐私。",
    },
    "not_processed_excessive": {"reasons": "申请人称系收集资料，未说明与其生产生活的关联。"},
    "withheld_prohibited_by_law": {
        "reasons": "所申请的是统计调查中获得的能够识别单个统计调查对象的资料。",
        "law_article": "《中华人民共和国统计法》第三十九条",
    },
    "not_processed_repeated": {"earlier_application": "YSQ-2024-0001"},
    "other_reason": {
        "reasons": "申请人已通过其他途径获取。",
        "legal_basis": "《中华人民共和国政府信息公开条例》第三十六条",
    },
}


def test_the_outcome_list_is_the_annual_report_rows():
    assert outcomes.OUTCOME_KEYS == REPORT_ROW_KEYS
    assert len(outcomes.OUTCOMES) == 21
    labels = {o.key: o.label for o in outcomes.OUTCOMES}
    assert labels["partly_disclosed"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels["other_fee_unpaid"].startswith("2.申请人逾期未按收费通知要求缴纳费用")


for _key in outcomes.WITHHOLDING_KEYS:
    DETAILS.setdefault(_key, {"reasons": "具体理由：所申请信息的具体情况（测试）。"})


def _prepare(key, app, people):
    """Bring the case to where the outcome is allowed; returns the reply date."""
    officer = people["officer"]
    if key == "not_processed_excessive":
        services.application_request_reasons(
            actor=officer, application=app, note="一个月内申请120件", reply_by=D("2025-10-10"), on=D("2025-09-29")
        )
        services.application_record_reasons(
            actor=officer,
            application=app,
            verdict="unreasonable",
            reasons="收集资料",
            assessment="未说明与其生产、生活、科研的关联",
            on=D("2025-10-13"),
        )
    if key == "other_no_correction":
        services.application_request_correction(
            actor=officer, application=app, items=["请写明所需信息的年份"], deadline=D("2025-10-20"), on=D("2025-09-29")
        )
        return D("2025-10-21")
    if key == "unavailable_unclear_after_correction":
        services.application_request_correction(
            actor=officer, application=app, items=["请写明所需信息的年份"], deadline=D("2025-10-20"), on=D("2025-09-29")
        )
        services.application_record_correction(actor=officer, application=app, on=D("2025-10-10"))
        return D("2025-10-20")
    services.application_accept(actor=officer, application=app, on=D("2025-09-29"))
    if key == "other_fee_unpaid":
        services.application_send_fee_notice(
            actor=officer,
            application=app,
            method="by_page",
            quantity=120,
            payment_method="银行转账",
            on=D("2025-09-30"),
        )
        return D("2025-11-05")  # pay-by is 11-04 (20 WD after 09-30: 10-09, 10-10, Sat 10-11 …)
    return D("2025-10-15")


@pytest.mark.parametrize("key", REPORT_ROW_KEYS)
def test_scenario_per_outcome(key, register, people, org_tree):
    if key == "not_processed_repeated":  # 第三十六条第（六）项: an earlier application, answered
        earlier = register("2024-03-04")
        services.reply_draft(
            actor=people["officer"],
            application=earlier,
            details=services.ReplyDetails(outcome="disclosed", provision="邮寄"),
            today=D("2024-03-11"),
        )
        services.application_reply(actor=people["officer"], application=earlier, on=D("2024-03-11"))
    app = register("2025-09-26")
    on = _prepare(key, app, people)
    details = services.ReplyDetails(outcome=key, **DETAILS.get(key, {}))
    draft = services.reply_draft(actor=people["officer"], application=app, details=details, today=on)
    assert draft.status == Letter.Status.DRAFT and draft.number == ""
    letter = services.application_reply(actor=people["officer"], application=app, on=on)
    services.application_close(actor=people["officer"], application=app, on=on)
    app.refresh_from_db()
    assert (app.state, app.outcome, app.replied_on) == ("closed", key, on)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SIGNED
    assert letter.number == "县卫健委依申请答复〔2025〕1号"
    outcome = outcomes.outcome_get(key)
    basis = outcomes.legal_basis_for(key, DETAILS.get(key, {}))
    if basis:
        assert basis in letter.body
    assert outcome.wording in letter.body
    assert "60日内向石城县人民政府申请行政复议" in letter.body
    for paragraph in remedies.remedies_paragraphs(key, "石城县人民政府"):
        assert paragraph in letter.body.splitlines()
    # 行政复议法第二十三条: 复议前置 exactly for the withholding outcomes; the others keep both routes.
    assert ("应当先自收到本答复之日起60日内" in letter.body) == (key in outcomes.REVIEW_FIRST_KEYS)
    if key in outcomes.REVIEW_FIRST_KEYS and key != "partly_disclosed":
        assert "6个月内向人民法院提起行政诉讼" not in letter.body
    else:
        assert "6个月内向人民法院提起行政诉讼" in letter.body
    if key in DETAILS and DETAILS[key].get("reasons"):
        assert f"理由：{DETAILS[key]['reasons']}" in letter.body
    counted = selectors.finished_by_outcome(org_tree["dept"], D("2025-01-01"), D("2025-12-31"))
    assert counted[key] == {**dict.fromkeys(counted[key], 0), "natural_person": 1, "total": 1}
    assert sum(row["total"] for row in counted.values()) == 1  # one case, one row


def test_partly_disclosed_counts_only_once_and_cites_the_withheld_ground(register, people, org_tree):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    details = services.ReplyDetails(outcome="partly_disclosed", **DETAILS["partly_disclosed"])
    letter = services.reply_draft(actor=people["officer"], application=app, details=details, today=D("2025-10-09"))
    assert "第十五条、第三十二条、第三十六条第（三）项" in letter.body  # the withheld part's basis
    services.application_reply(actor=people["officer"], application=app, on=D("2025-10-09"))
    counted = selectors.finished_by_outcome(org_tree["dept"], D("2025-01-01"), D("2025-12-31"))
    assert counted["partly_disclosed"]["total"] == 1 and counted["withheld_third_party"]["total"] == 0


def test_expiry_outcomes_wait_for_their_deadline(register, people):
    from gongkai.core.errors import Conflict

    app = register("2025-09-26")
    services.application_request_correction(
        actor=people["officer"], application=app, items=["x"], deadline=D("2025-10-20"), on=D("2025-09-29")
    )
    with pytest.raises(Conflict):
        services.reply_draft(
            actor=people["officer"],
            application=app,
            details=services.ReplyDetails(outcome="other_no_correction"),
            today=D("2025-10-20"),
        )
    with pytest.raises(Conflict):  # while awaiting 补正 only 视为放弃 is possible
        services.reply_draft(
            actor=people["officer"],
            application=app,
            details=services.ReplyDetails(outcome="unavailable_not_held"),
            today=D("2025-10-21"),
        )
