"""发布前审查 of a publication: the privacy scanner run over its title, body and attachments.

Runs on submit (so reviewers see the findings), after 去标识化, and again at publication,
where unresolved findings need an audited override (privacy.services.privacy_override_record).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils import timezone

from gongkai.disclosure.attachments import working_attachments
from gongkai.disclosure.models import Kind, Publication, Revision
from gongkai.disclosure.richtext import html_to_text
from gongkai.privacy.findings import KIND_LABELS, SEVERITY_LABELS, Finding
from gongkai.privacy.scanner import ScanReport, finding_as_dict, scan_text
from gongkai.privacy.selectors import wording_rules_active

# The metadata a real portal page shows and inspections check (regulations.md §4.3): every
# item names itself and its issuer; a 公文 (policies, rules, normative documents, plans)
# also carries its 成文日期 (条例第十二条: 生成日期).
REQUIRED_METADATA = {"title": "信息名称", "org": "发布机构"}
REQUIRED_FOR_DOCUMENTS = {**REQUIRED_METADATA, "written_on": "成文日期"}
METADATA_LABELS = REQUIRED_FOR_DOCUMENTS
# Values, not members: a TextChoices member does not hash like its string value.
DOCUMENT_KINDS = {Kind.POLICY.value, Kind.RULE.value, Kind.NORMATIVE.value, Kind.PLAN.value}


@dataclass(frozen=True)
class PartScan:
    """The scan of one part of a publication: 标题, 正文 or an attachment."""

    part: str
    report: ScanReport


def _internal_link_exists(path: str) -> bool:
    try:
        resolve(path.split("?", 1)[0].split("#", 1)[0])
    except (Resolver404, NoReverseMatch):
        return False
    return True


def scan_revision(publication: Publication, revision: Revision) -> list[PartScan]:
    rules = wording_rules_active()
    policy_text = None
    if revision.kind == Kind.INTERPRETATION and revision.interprets_id is not None:
        policy = Publication.objects.filter(pk=revision.interprets_id).first()
        if policy is not None:
            source = policy.current_revision.body_html if policy.current_revision else policy.body_html
            policy_text = html_to_text(source)
    metadata: dict[str, object] = {
        "title": revision.title,
        "org": publication.org.name,
        "written_on": revision.written_on,
        "topic": revision.topic,
    }
    parts = [
        PartScan("标题", scan_text(revision.title, checks=("personal", "spam", "wording"), wording_rules=rules)),
        PartScan(
            "正文",
            scan_text(
                revision.body_html,
                html=True,
                wording_rules=rules,
                metadata=metadata,
                required_metadata=REQUIRED_FOR_DOCUMENTS if revision.kind in DOCUMENT_KINDS else REQUIRED_METADATA,
                policy_text=policy_text,
                link_exists=_internal_link_exists,
            ),
        ),
    ]
    for attachment in working_attachments(publication):
        if attachment.text:
            parts.append(PartScan(f"附件：{attachment.name}", scan_text(attachment.text, wording_rules=rules)))
    return parts


def blocking(parts: list[PartScan]) -> list[tuple[str, Finding]]:
    return [(p.part, f) for p in parts for f in p.report.blocking]


def summary(parts: list[PartScan]) -> dict[str, Any]:
    """What is stored on the revision and in the audit log: kinds and counts, never values."""
    counts: Counter[str] = Counter()
    for _, finding in blocking(parts):
        counts[finding.kind] += 1
    return {
        "scanned_at": timezone.now().isoformat(),
        "blocking": sum(counts.values()),
        "counts": dict(sorted(counts.items())),
    }


def findings_for_display(parts: list[PartScan]) -> list[dict[str, Any]]:
    """Findings for staff pages and the API: the personal values masked. Pages show the Chinese
    labels (``kind_label``, ``severity_label``, ``shown_text``); the API keeps the codes."""
    rows = []
    for part, finding in blocking(parts):
        row = {"part": part, **finding_as_dict(finding)}
        row["kind_label"] = KIND_LABELS.get(finding.kind, "其他问题")
        row["severity_label"] = SEVERITY_LABELS.get(finding.severity, "提示")
        # A missing-metadata finding's span text is the field's code (written_on): show its name.
        row["shown_text"] = (
            METADATA_LABELS.get(row["text"], row["text"]) if finding.kind == "missing_metadata" else row["text"]
        )
        rows.append(row)
    return rows


def highlighted_segments(report: ScanReport) -> list[tuple[str, dict[str, Any] | None]]:
    """The scanned text cut into (text, finding-or-None) pieces, for inline highlighting."""
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    position = 0
    for finding in sorted(report.blocking, key=lambda f: f.start):
        if finding.start < position:
            continue
        pieces.append((report.text[position : finding.start], None))
        pieces.append((report.text[finding.start : finding.end], finding_as_dict(finding)))
        position = finding.end
    pieces.append((report.text[position:], None))
    return [(text, info) for text, info in pieces if text]
