import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.privacy.findings import Finding, Kind, Severity
from gongkai.privacy.masking import mask_text, mask_value
from gongkai.privacy.scanner import CHECK_PERSONAL, mask_html, preview_masking, scan_text
from gongkai.privacy.tests.helpers import make_card, make_id


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        (Kind.MOBILE, "13812345678", "138****5678"),
        (Kind.MOBILE, "+86 138-1234-5678", "+86 138-****-5678"),
        (Kind.PERSON_NAME, "张三", "张*"),
        (Kind.PERSON_NAME, "王小明", "王**"),
        (Kind.PERSON_NAME, "欧阳娜娜", "欧阳**"),
        (Kind.PERSON_NAME, "李　明", "李　*"),
        (Kind.BANK_CARD, "6222 0212 3456 1234", "6222 **** **** 1234"),
        (Kind.LANDLINE, "028-86604811", "028-****4811"),
        (Kind.EMAIL, "zhangsan@qq.com", "z*******@qq.com"),
        (Kind.LICENSE_PLATE, "京A12345", "京A***45"),
        (Kind.PASSPORT, "E12345678", "E1*****78"),
        (Kind.ADDRESS, "北京市朝阳区建国路88号", "北京市朝阳区******"),
        (Kind.SPAM, "百姓快3", "百姓快3"),
    ],
)
def test_mask_formats(kind, value, masked):
    assert mask_value(kind, value) == masked


def test_id_number_format_of_the_issue():
    number = make_id()
    masked = mask_value(Kind.ID_CARD, number)
    assert re.fullmatch(r"110105\*{8}\d{3}[\dX]", masked)
    assert masked[-4:] == number[-4:]


def test_mask_text_counts_and_ignores_content_findings():
    number = make_id()
    text = f"申请人：张三，身份证号：{number}，手机：13812345678。百姓快3"
    report = scan_text(text)
    masked, counts = mask_text(text, report.findings)
    assert counts == {"id_card": 1, "mobile": 1, "person_name": 1}
    assert "张三" not in masked and number not in masked and "13812345678" not in masked
    assert masked.endswith("百姓快3") and len(masked) == len(text)


def test_overlapping_findings_are_masked_as_a_union_in_any_order():
    text = "0571-88886666"
    a = Finding(Kind.LANDLINE, 0, 13, text, 1.0, Severity.ERROR, "")  # 0571-****6666
    b = Finding(Kind.PASSPORT, 0, 13, text, 1.0, Severity.ERROR, "")  # 05**-******66
    forward, _ = mask_text(text, [a, b])
    backward, counts = mask_text(text, [b, a])
    assert forward == backward == "05**-******66"
    assert counts == {"landline": 1, "passport": 1}


def test_stale_findings_are_refused():
    finding = Finding(Kind.MOBILE, 0, 11, "13812345678", 1.0, Severity.ERROR, "")
    with pytest.raises(ValueError, match="does not match"):
        mask_text("13900000000", [finding])


def test_after_masking_only_masked_text_remains():
    number, card = make_id(), make_card()
    text = (
        f"申请人：王小明\n身份证号码：{number}\n手机：138-1234-5678\n银行卡号：{card}\n家庭住址：北京市朝阳区建国路88号"
    )
    preview = preview_masking(text)
    assert preview.counts == {"address": 1, "bank_card": 1, "id_card": 1, "mobile": 1, "person_name": 1}
    assert scan_text(preview.masked, checks={CHECK_PERSONAL}).personal == ()
    for secret in ("王小明", number, "1234-5678", card, "建国路88号"):
        assert secret not in preview.masked


def test_mask_html_masks_text_nodes_and_keeps_markup():
    html = "<p>申请人：<b>张三</b></p>\n<p>手机：<span class='x'>13812345678</span></p>"
    masked, counts = mask_html(html)
    assert counts == {"mobile": 1, "person_name": 1}
    assert masked == '<p>申请人：<b>张*</b></p>\n<p>手机：<span class="x">138****5678</span></p>'


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789 -申请人姓名：张王李三四手机电话X、，\n", max_size=80))
def test_masking_keeps_length_and_leaves_nothing_personal(text):
    report = scan_text(text, checks={CHECK_PERSONAL})
    masked, _ = report.masked()
    assert len(masked) == len(text)
    assert all(f.text == text[f.start : f.end] for f in report.findings)
    remaining = scan_text(masked, checks={CHECK_PERSONAL}).personal
    assert not [f for f in remaining if f.kind in (Kind.ID_CARD, Kind.MOBILE, Kind.BANK_CARD)]
