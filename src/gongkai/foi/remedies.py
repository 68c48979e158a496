"""The remedies a reply letter states (条例第五十一条), after the 2023 《行政复议法》.

Verified texts and readings (see docs/foi.md, "Legal sources"):

- 《中华人民共和国行政复议法》(2023年9月1日修订, 2024年1月1日施行) 第二十三条第一款第（四）项:
  "申请政府信息公开，行政机关不予公开" is one of the cases where the applicant 应当先向行政复议机关
  申请行政复议，对行政复议决定不服的，可以再依法向人民法院提起行政诉讼 (复议前置); 第二款: the
  agency must tell the applicant so when it decides. We apply it to every 不予公开 row and to the
  withheld part of 部分公开 (``Outcome.review_first``).
- 第二十条: 行政复议 within 60 days of knowing the act (the day the reply is received).
- 《行政诉讼法》第四十五条: suing after 复议 — within 15 days of receiving the 复议决定书;
  第四十六条: suing directly — within 6 months of knowing the act.

Pure module: the paragraphs are composed from the outcome and the 复议机关's name; the reply
letter prints them verbatim and an edit may not change them (``missing_from``).
"""

from __future__ import annotations

from gongkai.foi.outcomes import outcome_get

REVIEW_LAW = "《中华人民共和国行政复议法》"

# 行政复议法第二十三条第一款第（四）项、第二款; 第二十条 (60日); 行政诉讼法第四十五条 (15日).
REVIEW_FIRST = (
    "根据{law}第二十三条第一款第（四）项、第二款的规定，您如对本机关不予公开的决定不服，"
    "应当先自收到本答复之日起60日内向{body}申请行政复议；对行政复议决定不服的，"
    "可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。"
)
# The same for the withheld part of 部分公开 (第三十七条 区分处理).
REVIEW_FIRST_PART = (
    "根据{law}第二十三条第一款第（四）项、第二款的规定，您如对本答复中不予公开部分的决定不服，"
    "应当先自收到本答复之日起60日内向{body}申请行政复议；对行政复议决定不服的，"
    "可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。"
)
# 行政复议法第二十条 (60日); 行政诉讼法第四十六条 (6个月): either route where no 复议前置 applies.
EITHER_ROUTE = (
    "如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议，"
    "或者自收到本答复之日起6个月内向人民法院提起行政诉讼。"
)
EITHER_ROUTE_REST = (
    "如对本答复其他内容不服，可以自收到本答复之日起60日内向{body}申请行政复议，"
    "或者自收到本答复之日起6个月内向人民法院提起行政诉讼。"
)


def remedies_paragraphs(outcome_key: str, review_body: str) -> list[str]:
    """The paragraphs of the letter that state the remedies for `outcome_key`."""
    outcome = outcome_get(outcome_key)
    if outcome.key == "partly_disclosed":
        return [
            REVIEW_FIRST_PART.format(law=REVIEW_LAW, body=review_body),
            EITHER_ROUTE_REST.format(body=review_body),
        ]
    if outcome.review_first:
        return [REVIEW_FIRST.format(law=REVIEW_LAW, body=review_body)]
    return [EITHER_ROUTE.format(body=review_body)]


def missing_from(body: str, outcome_key: str, review_body: str) -> list[str]:
    """The remedies paragraphs an edited body no longer contains verbatim (empty: all there)."""
    text = "".join(body.split())
    return [p for p in remedies_paragraphs(outcome_key, review_body) if "".join(p.split()) not in text]
