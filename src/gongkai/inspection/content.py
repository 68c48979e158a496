"""Security and wording checks of one page's content, by calling the privacy checks.

19号 单项否决 "安全、泄密事故等严重问题" covers 严重表述错误, links to gambling or porn content and
安全攻击（挂马、篡改）. On a page that shows as: a hijacked <title>, injected gambling text or a
link farm, a block of hidden outbound links (暗链), and wording on the error list.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from gongkai.inspection.snapshot import FindingData
from gongkai.privacy.content_checks import CompiledWordingRule, check_link_farms, check_spam, check_wording
from gongkai.privacy.css_hiding import apply_unconditional_css
from gongkai.privacy.extract import extract_html
from gongkai.privacy.findings import Severity
from gongkai.privacy.textnorm import normalize

EXCERPT = 120
MAX_FINDINGS_PER_KIND = 20


def _excerpt(text: str, start: int, end: int) -> str:
    return text[max(0, start - 20) : min(len(text), end + 20)].replace("\n", " ")[:EXCERPT]


def content_findings(
    html: str,
    *,
    url: str,
    column: str,
    hosts: set[str],
    wording_rules: Sequence[CompiledWordingRule],
    seen_at: str,
) -> list[FindingData]:
    """The content findings of one page. `hosts` are the inspected site's hosts: a hidden link
    to one of them (a collapsed mobile menu) is not an injected link."""
    extracted = extract_html(apply_unconditional_css(html))
    text = extracted.text
    norm = normalize(text)
    # extract_html puts the <title> first, on its own line.
    title_end = text.find("\n") if text and not text.startswith("\n") else 0
    title_end = max(title_end, 0)
    findings: list[FindingData] = []
    for hit in check_spam(text[:title_end], norm[:title_end]) if title_end else []:
        if hit.severity is Severity.ERROR:
            findings.append(
                FindingData(
                    "hijacked_title",
                    url,
                    f"网页标题含有赌博彩票等垃圾信息“{hit.text[:40]}”，疑似被篡改。",
                    column=column,
                    evidence={"seen": text[:title_end][:EXCERPT], "at": seen_at},
                )
            )
            break
    body, body_norm = text[title_end:], norm[title_end:]
    spam = [f for f in check_spam(body, body_norm) if f.severity is Severity.ERROR]
    spam += check_link_farms(body, body_norm)
    for hit in spam[:MAX_FINDINGS_PER_KIND]:
        findings.append(
            FindingData(
                "spam_text",
                url,
                f"页面含有疑似被植入的信息：“{hit.text[:40]}”。{hit.message}",
                column=column,
                evidence={"seen": _excerpt(body, hit.start, hit.end), "at": seen_at},
            )
        )
    hidden = 0
    for link in extracted.links:
        host = urlsplit(link.href).netloc.lower()
        if not link.hidden_reason or not host or host in hosts or hidden >= MAX_FINDINGS_PER_KIND:
            continue
        hidden += 1
        findings.append(
            FindingData(
                "hidden_link",
                url,
                f"隐藏的外部链接（{link.hidden_reason}），疑似暗链，请删除并排查网站安全。",
                target=link.href[:500],
                column=column,
                evidence={"seen": text[link.start : link.end][:EXCERPT], "reason": link.hidden_reason, "at": seen_at},
            )
        )
    for hit in check_wording(text, norm, wording_rules)[:MAX_FINDINGS_PER_KIND]:
        if hit.severity is not Severity.ERROR:
            continue
        findings.append(
            FindingData(
                "wording_error",
                url,
                f"“{hit.text[:40]}”：{hit.message}",
                column=column,
                evidence={"seen": _excerpt(text, hit.start, hit.end), "at": seen_at},
            )
        )
    return findings
