"""The reply outcomes of an information application, and the applicant kinds, as data.

Each outcome is one row (rows 3–23) of table 三 of the annual report (国办公开办函〔2021〕30号):
the keys and labels are copies of `gongkai.reports.format.OUTCOME_ROWS` (foi may not import
reports, a higher layer; a test in reports asserts that both lists match). Each row is mapped to
the reply type of 条例第三十六条 (or the article that replaces it), the legal basis the reply
letter cites, and the standard wording of the letter.

An application that is partly disclosed and partly withheld counts only as 部分公开
(区分处理的，只计这一情形，不计其他情形): the outcome is recorded once, as `partly_disclosed`,
and the withheld part's ground is a detail of the letter, never a second outcome.

Pure module: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class ApplicantKind(StrEnum):
    """The six applicant columns of table 三 (keys as in reports.format.APPLICANT_KINDS)."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise"
    RESEARCH_INSTITUTION = "research_institution"
    SOCIAL_WELFARE_ORG = "social_welfare_org"
    LEGAL_SERVICE_ORG = "legal_service_org"
    OTHER_ORG = "other_org"


APPLICANT_KIND_LABELS: dict[str, str] = {
    ApplicantKind.NATURAL_PERSON: "自然人",
    ApplicantKind.COMMERCIAL_ENTERPRISE: "商业企业",
    ApplicantKind.RESEARCH_INSTITUTION: "科研机构",
    ApplicantKind.SOCIAL_WELFARE_ORG: "社会公益组织",
    ApplicantKind.LEGAL_SERVICE_ORG: "法律服务机构",
    ApplicantKind.OTHER_ORG: "其他",
}
APPLICANT_KIND_KEYS: tuple[str, ...] = tuple(APPLICANT_KIND_LABELS)
# 条例第二十七条: 公民、法人或者其他组织. Everything but 自然人 is 法人或其他组织.
LEGAL_PERSON_KIND_KEYS: tuple[str, ...] = APPLICANT_KIND_KEYS[1:]


class ReplyType(StrEnum):
    """The legal type of the reply: 条例第三十六条's seven items and the articles beside it."""

    ART36_1 = "art36_1"  # 已经主动公开
    ART36_2 = "art36_2"  # 可以公开
    ART36_3 = "art36_3"  # 不予公开
    ART36_4 = "art36_4"  # 经检索没有
    ART36_5 = "art36_5"  # 不属于本机关负责公开
    ART36_6 = "art36_6"  # 重复申请
    ART36_7 = "art36_7"  # 特别规定（工商、不动产登记资料等）
    ART37 = "art37"  # 区分处理（部分公开）
    ART30 = "art30"  # 补正
    ART35 = "art35"  # 大量、频繁申请
    ART38 = "art38"  # 需要加工、分析
    ART39 = "art39"  # 非政府信息公开申请
    OTHER = "other"


REPLY_TYPE_LABELS: dict[str, str] = {
    ReplyType.ART36_1: "第三十六条第（一）项：已经主动公开",
    ReplyType.ART36_2: "第三十六条第（二）项：可以公开",
    ReplyType.ART36_3: "第三十六条第（三）项：不予公开",
    ReplyType.ART36_4: "第三十六条第（四）项：经检索没有所申请的信息",
    ReplyType.ART36_5: "第三十六条第（五）项：不属于本机关负责公开",
    ReplyType.ART36_6: "第三十六条第（六）项：重复申请",
    ReplyType.ART36_7: "第三十六条第（七）项：有关法律、行政法规另有特别规定",
    ReplyType.ART37: "第三十七条：区分处理",
    ReplyType.ART30: "第三十条：补正",
    ReplyType.ART35: "第三十五条：明显超过合理范围的申请",
    ReplyType.ART38: "第三十八条：需要加工、分析",
    ReplyType.ART39: "第三十九条：不作为政府信息公开申请处理",
    ReplyType.OTHER: "其他",
}


@dataclass(frozen=True)
class Outcome:
    key: str  # = reports.format row key
    label: str  # = the verbatim row label of table 三
    group: str  # the row group key (disclosed, partly_disclosed, withheld, unavailable, ...)
    group_label: str
    article: str  # the article column of reports.format (for the cross-check)
    reply_type: ReplyType
    legal_basis: str  # what the letter cites
    wording: str  # the standard sentence of the letter
    withholds: bool = False  # a 不予公开 ground (usable as the withheld part of 部分公开)
    needs_reasons: bool = False  # the letter must state reasons written by the officer
    # 《行政复议法》(2023) 第二十三条第一款第（四）项: 申请政府信息公开，行政机关不予公开 — the
    # applicant must apply for 行政复议 first; set for every 不予公开 row and for 部分公开 (its
    # withheld part). See foi.remedies.
    review_first: bool = False


_W = "（三）不予公开"
_U = "（四）无法提供"
_N = "（五）不予处理"
_O = "（六）其他处理"

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disclosed",
        "（一）予以公开",
        "disclosed",
        "（一）予以公开",
        "第三十六条第（一）（二）项",
        ReplyType.ART36_2,
        f"{REGULATION}第三十六条第（一）项、第（二）项",
        "经审查，您申请获取的政府信息属于公开范围，本机关予以公开。",
    ),
    Outcome(
        "partly_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "partly_disclosed",
        "（二）部分公开",
        "第三十七条",
        ReplyType.ART37,
        f"{REGULATION}第三十七条",
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，"
        "本机关向您提供可以公开的部分，对不予公开的部分说明理由。",
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_state_secret",
        "1.属于国家秘密",
        "withheld",
        _W,
        "第十四条",
        ReplyType.ART36_3,
        f"{REGULATION}第十四条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "withheld",
        _W,
        "第十四条",
        ReplyType.ART36_3,
        f"{REGULATION}第十四条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_three_security_one_stability",
        "3.危及“三安全一稳定”",
        "withheld",
        _W,
        "第十四条",
        ReplyType.ART36_3,
        f"{REGULATION}第十四条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_third_party",
        "4.保护第三方合法权益",
        "withheld",
        _W,
        "第十五条、第三十二条",
        ReplyType.ART36_3,
        f"{REGULATION}第十五条、第三十二条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_internal_affairs",
        "5.属于三类内部事务信息",
        "withheld",
        _W,
        "第十六条第一款",
        ReplyType.ART36_3,
        f"{REGULATION}第十六条第一款、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_process_info",
        "6.属于四类过程性信息",
        "withheld",
        _W,
        "第十六条第二款",
        ReplyType.ART36_3,
        f"{REGULATION}第十六条第二款、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_enforcement_file",
        "7.属于行政执法案卷",
        "withheld",
        _W,
        "第十六条第二款",
        ReplyType.ART36_3,
        f"{REGULATION}第十六条第二款、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于行政执法案卷信息，本机关不予公开。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "withheld_inquiry_matter",
        "8.属于行政查询事项",
        "withheld",
        _W,
        "第三十六条第（七）项",
        ReplyType.ART36_7,
        f"{REGULATION}第三十六条第（七）项",
        "经审查，您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的事项，"
        "请依照有关法律、行政法规的规定办理。",
        withholds=True,
        needs_reasons=True,
        review_first=True,
    ),
    Outcome(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        "unavailable",
        _U,
        "第三十六条第（四）（五）项",
        ReplyType.ART36_4,
        f"{REGULATION}第三十六条第（四）项、第（五）项",
        "经检索，本机关没有制作或者获取您申请公开的政府信息。",
    ),
    Outcome(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        "unavailable",
        _U,
        "第三十八条",
        ReplyType.ART38,
        f"{REGULATION}第三十八条",
        "经审查，本机关没有现成的您所申请的政府信息，提供该信息需要对现有政府信息进行加工、分析，本机关可以不予提供。",
    ),
    Outcome(
        "unavailable_unclear_after_correction",
        "3.补正后申请内容仍不明确",
        "unavailable",
        _U,
        "第三十条",
        ReplyType.ART30,
        f"{REGULATION}第三十条",
        "本机关已一次性告知您补正申请，您补正后的申请内容仍不明确，本机关无法确定您所申请的政府信息，无法提供。",
    ),
    Outcome(
        "not_processed_petition",
        "1.信访举报投诉类申请",
        "not_processed",
        _N,
        "第三十九条第一款",
        ReplyType.ART39,
        f"{REGULATION}第三十九条第一款",
        "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
        "您可以通过相应渠道提出。",
    ),
    Outcome(
        "not_processed_repeated",
        "2.重复申请",
        "not_processed",
        _N,
        "第三十六条第（六）项",
        ReplyType.ART36_6,
        f"{REGULATION}第三十六条第（六）项",
        "本机关已就您申请公开的政府信息作出过答复，您重复申请公开相同的政府信息，本机关不予重复处理。",
    ),
    Outcome(
        "not_processed_publication",
        "3.要求提供公开出版物",
        "not_processed",
        _N,
        "第三十九条第二款",
        ReplyType.ART39,
        f"{REGULATION}第三十九条第二款",
        "您申请获取的是政府公报、报刊、书籍等公开出版物，本机关告知您获取的途径。",
    ),
    Outcome(
        "not_processed_excessive",
        "4.无正当理由大量反复申请",
        "not_processed",
        _N,
        "第三十五条",
        ReplyType.ART35,
        f"{REGULATION}第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，您提出的理由不合理，本机关不予处理。",
        needs_reasons=True,
    ),
    Outcome(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "not_processed",
        _N,
        "",
        ReplyType.OTHER,
        f"{REGULATION}第二条",
        "您要求本机关确认或者重新出具您已获取的信息，不属于获取政府信息的申请，本机关不予处理。",
    ),
    Outcome(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other_handling",
        _O,
        "第三十条",
        ReplyType.ART30,
        f"{REGULATION}第三十条",
        "本机关已一次性告知您补正申请，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Outcome(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other_handling",
        _O,
        "国办函〔2020〕109号",
        ReplyType.OTHER,
        FEE_MEASURES,
        "本机关已向您发出收费通知，您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Outcome(
        "other_reason",
        "3.其他",
        "other_handling",
        _O,
        "",
        ReplyType.OTHER,
        "",
        "本机关对您的申请作如下处理。",
        needs_reasons=True,
    ),
)

OUTCOMES_BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}
OUTCOME_KEYS: tuple[str, ...] = tuple(o.key for o in OUTCOMES)


def outcome_display(outcome: Outcome) -> str:
    """The label people see: the group and the row, the group only once ("（一）予以公开", not
    "（一）予以公开 （一）予以公开")."""
    if outcome.label.startswith(outcome.group_label):
        return outcome.label
    return f"{outcome.group_label} {outcome.label}"


OUTCOME_CHOICES: list[tuple[str, str]] = [(o.key, outcome_display(o)) for o in OUTCOMES]
WITHHOLDING_KEYS: tuple[str, ...] = tuple(o.key for o in OUTCOMES if o.withholds)
REVIEW_FIRST_KEYS: tuple[str, ...] = tuple(o.key for o in OUTCOMES if o.review_first)

# Outcomes that only a particular state of the case allows (checked by the services).
NEEDS_EXPIRED_CORRECTION = "other_no_correction"  # 第三十条: 补正期限届满未补正
NEEDS_EXPIRED_FEE = "other_fee_unpaid"  # 109号: 缴费期限届满未缴纳
NEEDS_CORRECTION_DONE = "unavailable_unclear_after_correction"  # 第三十条: 补正后仍不明确
NEEDS_REASONS_REFUSED = "not_processed_excessive"  # 第三十五条: 要求说明理由后理由不合理或未说明
NEEDS_EARLIER_REPLY = "not_processed_repeated"  # 第三十六条第（六）项: an earlier application answered
# 第十四条: 法律、行政法规禁止公开 — the letter must name the law and its article.
NEEDS_LAW_ARTICLE = "withheld_prohibited_by_law"
# Outcomes that hand information over: disclosing after a third party objected needs the
# written notice of 第三十二条 first (partly_disclosed unless its withheld part is that party's).
DISCLOSING_KEYS: tuple[str, ...] = ("disclosed", "partly_disclosed")


def outcome_get(key: str) -> Outcome:
    return OUTCOMES_BY_KEY[key]


def legal_basis_for(key: str, details: dict[str, str]) -> str:
    """What the letter cites: only the items of 第三十六条 that apply to this reply.

    - 予以公开: 第（一）项 when the information was already published (the applicant is told where),
      第（二）项 when it is provided now — never both by default.
    - 本机关不掌握: 第（五）项 when the information is another agency's to disclose (named in the
      letter), 第（四）项 when it does not exist here.
    The officer's own basis (其他) replaces the standard one."""
    if details.get("legal_basis"):
        return details["legal_basis"]
    if key == "disclosed":
        item = "第（一）项" if details.get("published_url") else "第（二）项"
        return f"{REGULATION}第三十六条{item}"
    if key == "unavailable_not_held":
        item = "第（五）项" if details.get("responsible_agency") else "第（四）项"
        return f"{REGULATION}第三十六条{item}"
    return outcome_get(key).legal_basis
