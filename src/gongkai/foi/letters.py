"""The letters of a case: their standard text, and their output as PDF (WeasyPrint) and DOCX.

Texts are composed here from the case and the outcome (the standard wording and legal basis
live in `outcomes`); the officer may edit the body of a draft before it is signed. The signed
text is frozen in the `Letter` row; the files are rendered from it.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from gongkai.core import officedocs
from gongkai.foi.clock import CONSULTATION_WORKING_DAYS
from gongkai.foi.fees import BUDGET_CODE, FEE_METHOD_LABELS, PAYMENT_WORKING_DAYS, FeeQuote
from gongkai.foi.outcomes import REGULATION, legal_basis_for, outcome_get
from gongkai.foi.remedies import remedies_paragraphs

# GB/T 9704 fonts, government PCs' names first, Noto CJK as the fallback (core/officedocs.py).
CJK_FONTS = officedocs.BODY_FONTS_CSS
TITLE_FONTS = officedocs.TITLE_FONTS_CSS


def cn_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def last_day(d: datetime.date) -> str:
    """A last day stated without doubt: the day itself is included (issue 14 point 7)."""
    return f"{cn_date(d)}（含）前"


def _summary(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def _opening(app: Any) -> str:
    return (
        f"本机关于{cn_date(app.received_on)}收到您提出的政府信息公开申请（登记号：{app.registration_number}），"
        f"申请获取“{_summary(app.description)}”的政府信息。"
    )


def compose_reply(app: Any, outcome_key: str, details: dict[str, Any], review_body: str) -> str:
    """The body of the 答复书 for `outcome_key` (条例第三十六条 and the article of the outcome),
    ending with the remedies (foi.remedies) naming `review_body`, the 行政复议机关."""
    outcome = outcome_get(outcome_key)
    paras = [_opening(app)]
    basis = legal_basis_for(outcome_key, details)
    paras.append(f"根据{basis}的规定，现答复如下：")
    paras.append(outcome.wording)
    if outcome_key == "disclosed" and details.get("published_url"):
        # 第三十六条第（一）项: already disclosed proactively: tell where to get it.
        paras.append(f"该信息已经主动公开，您可以通过以下途径获取：{details['published_url']}。")
    if details.get("provision"):
        paras.append(f"信息的提供方式：{details['provision']}")
    if outcome_key == "partly_disclosed" and details.get("withheld_ground"):
        ground = outcome_get(details["withheld_ground"])
        paras.append(f"不予公开部分的依据：{ground.legal_basis}。{ground.wording.replace('经审查，', '')}")
    if outcome_key == "unavailable_not_held" and details.get("responsible_agency"):
        # 第三十六条第（五）项: name the agency responsible, with its contact.
        contact = f"，联系方式：{details['responsible_contact']}" if details.get("responsible_contact") else ""
        paras.append(
            f"经查，您申请的信息不属于本机关负责公开，负责公开该信息的机关为{details['responsible_agency']}{contact}。"
        )
    if outcome_key == "not_processed_repeated" and details.get("earlier_text"):
        # 第三十六条第（六）项: the earlier answer the repeat refers to.
        paras.append(details["earlier_text"])
    if outcome_key == "not_processed_excessive" and details.get("reasons_text"):
        paras.append(details["reasons_text"])  # 第三十五条: the request for reasons and its result
    if details.get("reasons"):
        # 第三十六条第（三）项: 不予公开的，告知申请人并说明理由 — the specific reason.
        paras.append(f"理由：{details['reasons']}")
    if details.get("law_article"):
        # 第十四条 法律、行政法规禁止公开: which law and article.
        paras.append(f"具体依据：{details['law_article']}。")
    paras += remedies_paragraphs(outcome_key, review_body)
    paras.append("特此告知。")
    return "\n".join(paras)


def compose_correction(app: Any, items: list[str], deadline: datetime.date) -> str:
    paras = [_opening(app)]
    paras.append(f"经审查，您的申请内容不明确。根据{REGULATION}第三十条的规定，请您对以下事项作出补正：")
    paras += [f"{i}. {item}" for i, item in enumerate(items, start=1)]
    paras.append(
        f"请于{last_day(deadline)}提交补正材料。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
    )
    paras.append("特此告知。")
    return "\n".join(paras)


def compose_extension(app: Any, days: int, reason: str, new_due: datetime.date) -> str:
    paras = [_opening(app)]
    paras.append(
        f"因{reason}，本机关不能在规定期限内作出答复。根据{REGULATION}第三十三条第二款的规定，"
        f"经政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，本机关将于{last_day(new_due)}作出答复。"
    )
    paras.append("特此告知。")
    return "\n".join(paras)


def compose_reasons_request(app: Any, note: str, reply_by: datetime.date) -> str:
    """第三十五条: the agency asks the applicant to explain a mass or frequent application."""
    paras = [_opening(app)]
    paras.append(
        f"经审查，您申请公开政府信息的数量、频次明显超过合理范围（{note}）。根据{REGULATION}第三十五条的规定，"
        "请您说明申请理由。"
    )
    paras.append(
        f"请于{last_day(reply_by)}以书面形式向本机关说明理由。本机关认为申请理由不合理的，将告知您不予处理；"
        "认为申请理由合理，但是无法在条例第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知您。"
        "逾期未说明理由的，本机关将告知您不予处理。"
    )
    paras.append("特此告知。")
    return "\n".join(paras)


def compose_reasonable_period(app: Any, working_days: int, reason: str, due: datetime.date) -> str:
    """第三十五条: reasons accepted, 20 working days not enough: the reasonable period."""
    paras = [_opening(app)]
    paras.append(
        f"本机关已收到您说明的申请理由，经审查认为理由合理。因{reason}，本机关无法在{REGULATION}"
        f"第三十三条规定的期限内答复。根据条例第三十五条的规定，确定延迟答复的合理期限为{working_days}个工作日，"
        f"本机关将于{last_day(due)}作出答复。"
    )
    paras.append("特此告知。")
    return "\n".join(paras)


def compose_third_party_notice(app: Any, consultation: Any, reasons: str, disclose_on: datetime.date) -> str:
    """第三十二条: disclosure decided over the third party's objection, told to it in writing."""
    matter = consultation.matter or _summary(app.description)
    paras = [
        f"本机关于{cn_date(consultation.sent_on)}就一份政府信息公开申请（登记号：{app.registration_number}）"
        f"书面征求贵方意见，贵方于{cn_date(consultation.answered_on)}表示不同意公开。",
        f"经审查，本机关决定予以公开。根据{REGULATION}第十五条、第三十二条的规定，现将决定公开的政府信息内容和理由书面告知如下：",
        f"决定公开的政府信息：{matter}。",
        f"理由：{reasons}",
        f"本机关将于{cn_date(disclose_on)}起向申请人公开上述信息。",
        "特此告知。",
    ]
    return "\n".join(paras)


def compose_consultation(app: Any, consultation: Any) -> str:
    paras = [
        f"本机关于{cn_date(app.received_on)}收到一份政府信息公开申请（登记号：{app.registration_number}），"
        f"申请公开的信息涉及贵方：{consultation.matter or _summary(app.description)}。"
    ]
    if consultation.kind == "co_producer":
        paras.append(
            f"该信息由贵机关与本机关共同制作。根据{REGULATION}第三十四条的规定，现征求贵机关意见。"
            f"请自收到本函之日起{CONSULTATION_WORKING_DAYS}个工作日内提出意见；逾期未提出意见的，视为同意公开。"
        )
    else:
        paras.append(
            f"根据{REGULATION}第三十二条的规定，公开该信息可能损害贵方合法权益，现书面征求贵方意见。"
            f"请自收到本函之日起{CONSULTATION_WORKING_DAYS}个工作日内提出意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
            "贵方不同意公开且有合理理由的，本机关不予公开；但不公开可能对公共利益造成重大影响的，予以公开，并将决定公开的内容和理由书面告知贵方。"
        )
    paras.append(f"请于{last_day(consultation.reply_due_on)}将意见书面反馈本机关。")
    return "\n".join(paras)


def compose_fee(
    app: Any, quote: FeeQuote, pay_by: datetime.date | None, payment_method: str, *, mailed: bool = False
) -> str:
    """国办函〔2020〕109号: the 20 working days to pay run from the day the applicant receives the
    notice. Delivered in person or online, that day is known and the letter names the last day;
    mailed, it is the day of 签收, and the letter says how the last day follows from it."""
    paras = [_opening(app)]
    paras.append(
        f"您申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATION}第四十二条和"
        f"《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关依法收取信息处理费。"
    )
    standard = "；".join(line.rstrip("。；") for line in quote.explanation[1:])
    paras.append(f"计收方式与标准：{FEE_METHOD_LABELS[quote.method]}，{standard}。")
    paras.append(f"应缴金额：{quote.amount}元。缴纳方式：{payment_method}（收入缴入国库，预算科目{BUDGET_CODE}）。")
    if pay_by is not None and not mailed:
        when = f"请自收到本通知之日起{PAYMENT_WORKING_DAYS}个工作日内，即{last_day(pay_by)}缴纳。"
    else:
        when = (
            f"请自签收本通知之日起{PAYMENT_WORKING_DAYS}个工作日内缴纳（自签收之日的次日起算，"
            f"第{PAYMENT_WORKING_DAYS}个工作日当日仍可缴纳）。"
        )
    paras.append(when + "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。")
    paras.append("特此通知。")
    return "\n".join(paras)


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class LetterContent:
    title: str
    number: str
    recipient: str
    body: str
    signer: str
    date: datetime.date | None

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


def render_html(content: LetterContent) -> str:
    return render_to_string(
        "foi/letter.html",
        {
            "letter": content,
            "paragraphs": content.paragraphs,
            "date": cn_date(content.date) if content.date else "",
            "fonts": CJK_FONTS,
            "title_fonts": TITLE_FONTS,
        },
    )


def render_pdf(content: LetterContent) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs ~0.5 s

    return bytes(HTML(string=render_html(content)).write_pdf())


def render_docx(content: LetterContent) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # GB/T 9704 page and fonts; the issuing organ as author, the real creation time.
    document = officedocs.new_document(author=content.signer, title=content.title)
    officedocs.add_title(document, content.title)
    if content.number:
        number = document.add_paragraph(content.number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"{content.recipient}：")
    for text in content.paragraphs:
        para = document.add_paragraph(text)
        para.paragraph_format.first_line_indent = Pt(2 * officedocs.BODY_PT)  # two characters
    for text in (content.signer, cn_date(content.date) if content.date else ""):
        if text:
            para = document.add_paragraph(text)
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
