"""Sample letters for review (``gongkai foi letter-sample``, docs/render_letters.sh): every
outcome's 答复书 and every notice, composed by the same functions as real letters, from a fixed
case received on Friday 2025-09-26 (the 国庆 2025 scenario of the tests), without a database.

The 复议机关 shown depends on the sample org's place in the tree (行政复议法第二十四条、第二十七条):
``department`` (石城县卫生健康委员会 → 石城县人民政府), ``county`` (石城县人民政府 → 赣州市人民政府),
``township`` (木兰乡 → 石城县人民政府) or ``vertical`` (a 税务 body → its 上一级主管部门).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from gongkai.foi import letters as compose
from gongkai.foi.fees import fee_by_page
from gongkai.foi.outcomes import OUTCOME_KEYS

D = datetime.date.fromisoformat
RECEIVED = datetime.date(2025, 9, 26)  # a Friday before 国庆 2025


@dataclass(frozen=True)
class SampleOrg:
    name: str
    short_name: str
    review_body: str


SAMPLE_ORGS: dict[str, SampleOrg] = {
    "department": SampleOrg("石城县卫生健康委员会", "县卫健委", "石城县人民政府"),
    "county": SampleOrg("石城县人民政府", "石城县", "赣州市人民政府"),
    "township": SampleOrg("石城县木兰乡人民政府", "木兰乡", "石城县人民政府"),
    "vertical": SampleOrg("国家税务总局石城县税务局", "石城县税务局", "国家税务总局赣州市税务局"),
}


@dataclass(frozen=True)
class SampleCase:
    registration_number: str = "YSQ-2025-0001"
    received_on: datetime.date = RECEIVED
    description: str = "石城县2024年城乡居民医疗救助资金的分配和使用情况"
    applicant_name: str = "张三"


@dataclass(frozen=True)
class SampleConsultation:
    kind: str = "third_party"
    party_name: str = "某医药公司"
    matter: str = "该公司2024年中标的药品采购合同价格"
    sent_on: datetime.date = datetime.date(2025, 9, 30)
    reply_due_on: datetime.date = datetime.date(2025, 10, 28)
    answered_on: datetime.date | None = datetime.date(2025, 10, 9)


SAMPLE_DETAILS: dict[str, dict[str, str]] = {
    "disclosed": {"provision": "以电子邮件发送《2024年医疗救助资金分配表》。"},
    "partly_disclosed": {
        "provision": "以电子邮件发送可以公开的部分。",
        "withheld_ground": "withheld_third_party",
        "reasons": "救助对象的姓名、身份证号码属于个人隐私，公开会对其合法权益造成损害。",
    },
    "withheld_state_secret": {"reasons": "所申请的资金分配方案已依法定为秘密级国家秘密（定密依据：……）。"},
    "withheld_prohibited_by_law": {
        "reasons": "所申请的是统计调查中获得的能够识别单个统计调查对象的资料。",
        "law_article": "《中华人民共和国统计法》第三十九条",
    },
    "withheld_three_security_one_stability": {"reasons": "所申请信息涉及在建防洪设施的具体布防位置。"},
    "withheld_third_party": {"reasons": "所申请的合同价格属于该公司的商业秘密，该公司不同意公开且理由合理。"},
    "withheld_internal_affairs": {"reasons": "所申请的是本机关工作人员的考勤记录，属于人事管理信息。"},
    "withheld_process_info": {"reasons": "所申请的是资金分配方案的讨论记录，属于过程性信息。"},
    "withheld_enforcement_file": {"reasons": "所申请的是行政处罚案卷中的调查询问笔录。"},
    "withheld_inquiry_matter": {"reasons": "所申请的是不动产登记资料，应按《不动产登记资料查询暂行办法》查询。"},
    "unavailable_not_held": {"responsible_agency": "石城县财政局", "responsible_contact": "0797-5700000"},
    "not_processed_repeated": {
        "earlier_text": "您于2024年3月4日提出的政府信息公开申请（登记号：YSQ-2024-0001），"
        "本机关已于2024年3月11日作出答复（县卫健委依申请答复〔2024〕1号）。"
    },
    "not_processed_excessive": {
        "reasons_text": "本机关已于2025年9月29日要求您说明理由（期限至2025年10月10日），经审查，您说明的理由不合理。",
        "reasons": "您一个月内申请120件，所称用途为“收集资料”，未说明与生产、生活、科研等的关联。",
    },
    "other_reason": {
        "reasons": "申请人已通过其他途径获取。",
        "legal_basis": "《中华人民共和国政府信息公开条例》第三十六条",
    },
}

NOTICE_KINDS: tuple[str, ...] = (
    "correction",
    "extension",
    "consultation",
    "third_party_notice",
    "reasons_request",
    "reasonable_period",
    "fee",
    "fee_mailed",
)
ROWS: tuple[str, ...] = (*OUTCOME_KEYS, *NOTICE_KINDS)


@dataclass
class Sample:
    row: str
    content: compose.LetterContent
    extra: dict[str, str] = field(default_factory=dict)


def _title(row: str) -> str:
    from gongkai.foi.models import LetterKind

    titles = {k.value: k.label for k in LetterKind}
    if row in OUTCOME_KEYS:
        return titles["reply"]
    return titles["fee" if row == "fee_mailed" else row]


def sample(row: str, org_kind: str = "department") -> Sample:
    """The sample letter of `row` (an outcome key or a notice kind) for a sample org."""
    if row not in ROWS:
        raise KeyError(row)
    org = SAMPLE_ORGS[org_kind]
    case = SampleCase()
    consultation = SampleConsultation()
    recipient = case.applicant_name
    if row in OUTCOME_KEYS:
        body = compose.compose_reply(case, row, SAMPLE_DETAILS.get(row, {}), org.review_body)
    elif row == "correction":
        body = compose.compose_correction(case, ["所需信息的年份", "文号或标题"], D("2025-10-20"))
    elif row == "extension":
        body = compose.compose_extension(case, 20, "需要调取档案并逐页审查", D("2025-11-27"))
    elif row == "consultation":
        body, recipient = compose.compose_consultation(case, consultation), consultation.party_name
    elif row == "third_party_notice":
        body = compose.compose_third_party_notice(
            case, consultation, "该价格系财政资金采购的结果，不公开可能对公共利益造成重大影响。", D("2025-10-20")
        )
        recipient = consultation.party_name
    elif row == "reasons_request":
        body = compose.compose_reasons_request(case, "一个月内申请120件", D("2025-10-10"))
    elif row == "reasonable_period":
        body = compose.compose_reasonable_period(case, 40, "所需信息涉及档案较多", D("2025-11-26"))
    else:
        pay_by = None if row == "fee_mailed" else D("2026-01-26")
        body = compose.compose_fee(case, fee_by_page(250), pay_by, "银行转账", mailed=row == "fee_mailed")
    number = f"{org.short_name}（样稿）"
    content = compose.LetterContent(_title(row), number, recipient, body, org.name, D("2025-10-15"))
    return Sample(row, content)
