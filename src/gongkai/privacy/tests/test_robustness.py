from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.privacy.scanner import scan_text

# Characters the detectors care about, mixed with arbitrary text.
_INTERESTING = st.sampled_from(
    list("0123456789 -+()（）@.Xx|、，。：:\n\t申请人姓名户主联系电话传真住址省市县区路号单元室张王欧阳某快3APP下载")
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_INTERESTING, st.characters()), max_size=120).map("".join))
def test_any_text_scans_and_every_span_is_exact(text):
    report = scan_text(text)
    assert report.text == text
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
    masked, _ = report.masked()
    assert len(masked) == len(text)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.one_of(_INTERESTING, st.sampled_from(["<p>", "</p>", "<a href='/x'>", "</a>", "<br>"])), max_size=60)
)
def test_any_html_scans_with_spans_into_its_text(parts):
    report = scan_text("".join(parts), html=True)
    for finding in report.findings:
        assert finding.text == report.text[finding.start : finding.end]
