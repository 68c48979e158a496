"""The one entry point every caller uses: `scan_text` (and `scan_file` for the CLI and for
attachments). Pure: no ORM here; wording rules and link lookups come in as arguments.

    report = scan_text(draft_html, html=True, wording_rules=wording_rules_active())
    if report.blocking: ...               # something to mask or fix before publication
    masked, counts = report.masked()      # 去标识化 of every personal finding
"""

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.privacy import content_checks, detectors
from gongkai.privacy.content_checks import CompiledWordingRule
from gongkai.privacy.extract import Extracted, Link, extract_file, extract_html
from gongkai.privacy.findings import (
    KIND_PRIORITY,
    PERSONAL_KINDS,
    SEVERITY_RANK,
    Finding,
    Severity,
)
from gongkai.privacy.masking import MASK, mask_text, mask_value
from gongkai.privacy.textnorm import normalize

CHECK_PERSONAL = "personal"
CHECK_SPAM = "spam"
CHECK_HIDDEN_LINKS = "hidden_links"
CHECK_WORDING = "wording"
CHECK_METADATA = "metadata"
CHECK_LINKS = "links"
CHECK_COPY = "copy"
# Checks that need an argument (rules, metadata, a link lookup, the policy) run only when
# it is given, so ALL_CHECKS is a safe default.
ALL_CHECKS: frozenset[str] = frozenset(
    {CHECK_PERSONAL, CHECK_SPAM, CHECK_HIDDEN_LINKS, CHECK_WORDING, CHECK_METADATA, CHECK_LINKS, CHECK_COPY}
)


@dataclass(frozen=True)
class ScanReport:
    """What a scan found. Spans are into `text` (for HTML: the extracted text)."""

    text: str
    findings: tuple[Finding, ...]
    links: tuple[Link, ...] = field(default=())

    @property
    def personal(self) -> tuple[Finding, ...]:
        """Personal information to mask (institutional contact data excluded)."""
        return tuple(f for f in self.findings if f.is_personal)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Findings of severity error or warning: publication waits for masking, a fix or
        an audited override."""
        return tuple(f for f in self.findings if f.severity is not Severity.INFO)

    @property
    def is_clean(self) -> bool:
        return not self.blocking

    def counts_by_kind(self, findings: Sequence[Finding] | None = None) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in (self.blocking if findings is None else findings)).items()))

    def masked(self) -> tuple[str, dict[str, int]]:
        """The text with every personal finding masked, and the counts by kind."""
        return mask_text(self.text, self.personal)


def resolve_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """Among overlapping personal findings keep the most specific one.

    A valid ID number is also an 18-digit run that some other pattern may like; the kind
    with the higher KIND_PRIORITY (checksummed identifiers first), then the longer span,
    then the earlier start wins. Content findings (spam, wording …) are kept as they are.
    """
    personal = [f for f in findings if f.kind in PERSONAL_KINDS]
    others = [f for f in findings if f.kind not in PERSONAL_KINDS]
    ranked = sorted(personal, key=lambda f: (-KIND_PRIORITY.get(f.kind, 0), -(f.end - f.start), f.start, f.kind))
    kept: list[Finding] = []
    for candidate in ranked:
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return sorted([*kept, *others], key=lambda f: (f.start, f.end, f.kind))


def _overlap_free(findings: list[Finding]) -> list[Finding]:
    # resolve_overlaps is quadratic in the worst case; bucket by position first so that a
    # document with thousands of findings stays linear in practice.
    if len(findings) < 64:
        return resolve_overlaps(findings)
    findings.sort(key=lambda f: f.start)
    groups: list[list[Finding]] = []
    group_end = -1
    for f in findings:
        if groups and f.start < group_end:
            groups[-1].append(f)
            group_end = max(group_end, f.end)
        else:
            groups.append([f])
            group_end = f.end
    result: list[Finding] = []
    for group in groups:
        result.extend(resolve_overlaps(group) if len(group) > 1 else group)
    return sorted(result, key=lambda f: (f.start, f.end, f.kind))


def scan_text(
    text: str,
    *,
    html: bool = False,
    checks: Collection[str] = ALL_CHECKS,
    wording_rules: Sequence[CompiledWordingRule] = (),
    metadata: Mapping[str, object] | None = None,
    required_metadata: Mapping[str, str] | None = None,
    policy_text: str | None = None,
    copy_threshold: float = content_checks.COPY_THRESHOLD,
    link_exists: Callable[[str], bool] | None = None,
    site_hosts: Collection[str] = (),
) -> ScanReport:
    """Scan a draft (plain text, or HTML when `html`) and return every finding.

    - ``personal``: identifiers, contact data, addresses and names (detectors module);
    - ``spam``: gambling/lottery vocabulary, "APP下载", link farms of place names;
    - ``hidden_links``: links hidden with CSS (HTML only);
    - ``wording``: `wording_rules` (load them with selectors.wording_rules_active);
    - ``metadata``: required fields missing from `metadata` (when given);
    - ``links``: internal links for which `link_exists(path)` is false (when given);
    - ``copy``: an interpretation copying `policy_text` above `copy_threshold` (when given).
    """
    extracted = extract_html(text) if html else Extracted(text=text, format="txt")
    return _scan_extracted(
        extracted,
        checks=checks,
        wording_rules=wording_rules,
        metadata=metadata,
        required_metadata=required_metadata,
        policy_text=policy_text,
        copy_threshold=copy_threshold,
        link_exists=link_exists,
        site_hosts=site_hosts,
    )


def _scan_extracted(
    extracted: Extracted,
    *,
    checks: Collection[str],
    wording_rules: Sequence[CompiledWordingRule],
    metadata: Mapping[str, object] | None,
    required_metadata: Mapping[str, str] | None,
    policy_text: str | None,
    copy_threshold: float,
    link_exists: Callable[[str], bool] | None,
    site_hosts: Collection[str],
) -> ScanReport:
    text = extracted.text
    norm = normalize(text)
    findings: list[Finding] = []
    if CHECK_PERSONAL in checks:
        for detector in detectors.ALL_DETECTORS:
            findings.extend(detector(text, norm))
        findings = _overlap_free(findings)
    if CHECK_SPAM in checks:
        findings.extend(content_checks.check_spam(text, norm))
        findings.extend(content_checks.check_link_farms(text, norm))
    if CHECK_HIDDEN_LINKS in checks and extracted.links:
        findings.extend(content_checks.check_hidden_links(text, extracted.links))
    if CHECK_WORDING in checks and wording_rules:
        findings.extend(content_checks.check_wording(text, norm, wording_rules))
    if CHECK_METADATA in checks and metadata is not None:
        findings.extend(content_checks.check_required_metadata(metadata, required_metadata))
    if CHECK_LINKS in checks and link_exists is not None and extracted.links:
        findings.extend(
            content_checks.check_internal_links(text, extracted.links, exists=link_exists, site_hosts=site_hosts)
        )
    if CHECK_COPY in checks and policy_text is not None:
        findings.extend(content_checks.check_copied_interpretation(text, policy_text, copy_threshold))
    findings.sort(key=lambda f: (f.start, f.end, -SEVERITY_RANK[f.severity], f.kind))
    return ScanReport(text=text, findings=tuple(findings), links=extracted.links)


def scan_file(
    path: Path, *, wording_rules: Sequence[CompiledWordingRule] = (), checks: Collection[str] = ALL_CHECKS
) -> ScanReport:
    """Extract a txt/html/docx/pdf file and scan it; raises extract.ExtractionFailed."""
    return _scan_extracted(
        extract_file(path),
        checks=checks,
        wording_rules=wording_rules,
        metadata=None,
        required_metadata=None,
        policy_text=None,
        copy_threshold=content_checks.COPY_THRESHOLD,
        link_exists=None,
        site_hosts=(),
    )


@dataclass(frozen=True)
class MaskPreview:
    """What one "去标识化" action would do to a draft, shown before anything is saved."""

    original: str
    masked: str
    counts: dict[str, int]
    findings: tuple[Finding, ...]


def preview_masking(text: str, *, checks: Collection[str] = frozenset({CHECK_PERSONAL})) -> MaskPreview:
    """Scan plain text and mask every personal finding, without saving anything."""
    report = scan_text(text, checks=checks)
    masked, counts = report.masked()
    return MaskPreview(original=text, masked=masked, counts=counts, findings=report.personal)


def mask_html(html: str) -> tuple[str, dict[str, int]]:
    """去标识化 of an HTML draft: scan its text and mask the characters in the text nodes
    they came from, leaving the markup alone. Returns the masked HTML and counts by kind."""
    extracted = extract_html(html, track_pieces=True)
    report = _scan_extracted(
        extracted,
        checks=frozenset({CHECK_PERSONAL}),
        wording_rules=(),
        metadata=None,
        required_metadata=None,
        policy_text=None,
        copy_threshold=content_checks.COPY_THRESHOLD,
        link_exists=None,
        site_hosts=(),
    )
    masked, counts = report.masked()
    if not counts or extracted.soup is None:
        return html, counts
    for piece in extracted.pieces:
        source = str(piece.node)
        chars = list(source)
        changed = False
        for offset, index in enumerate(piece.source_index):
            if masked[piece.start + offset] == MASK and extracted.text[piece.start + offset] != MASK:
                chars[index] = MASK
                changed = True
        if changed:
            piece.node.replace_with(type(piece.node)("".join(chars)))
    return str(extracted.soup), counts


def masked_finding_text(finding: Finding, limit: int = 120) -> str:
    """The finding's text as it may be shown or exported: personal information masked
    (an office's own contact data, severity info, is not personal and is shown as is)."""
    shown = mask_value(finding.kind, finding.text) if finding.is_personal else finding.text
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def finding_as_dict(finding: Finding) -> dict[str, Any]:
    """The JSON shape of one finding (docs/privacy.md): never the unmasked personal text."""
    return {
        "kind": finding.kind,
        "start": finding.start,
        "end": finding.end,
        "text": masked_finding_text(finding),
        "severity": finding.severity.value,
        "confidence": round(finding.confidence, 3),
        "message": finding.message,
    }
