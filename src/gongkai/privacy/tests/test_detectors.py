import pytest

from gongkai.privacy import detectors
from gongkai.privacy.findings import Kind, Severity
from gongkai.privacy.scanner import CHECK_PERSONAL, scan_text
from gongkai.privacy.tests.helpers import make_card, make_credit_code, make_id
from gongkai.privacy.textnorm import normalize


def found(text: str) -> list[tuple[str, str, str]]:
    """(kind, text, severity) of every personal-kind finding, checking the spans on the way."""
    report = scan_text(text, checks={CHECK_PERSONAL})
    for f in report.findings:
        assert text[f.start : f.end] == f.text
    return [(f.kind, f.text, f.severity.value) for f in report.findings]


def kinds(text: str) -> set[str]:
    return {kind for kind, _, _ in found(text)}


# ------------------------------------------------------------------------ identifiers


def test_id_card_18_15_and_spaced():
    number = make_id()
    assert found(f"身份证号：{number}。") == [("id_card", number, "error")]
    legacy = "110105800512123"
    assert found(f"原身份证号{legacy}") == [("id_card", legacy, "error")]
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    assert found(f"证件：{spaced}") == [("id_card", spaced, "error")]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号：" + make_id()[:-1] + ("0" if make_id()[-1] != "0" else "1"),  # check character
        "编号" + make_id(born="19801312")[:-1] + "0",  # month 13
        "订单号：202405121234567890",
        "流水号" + make_id() + "7",  # 19 digits: not an 18-digit number
        "A" + make_id(),  # part of a longer code
    ],
)
def test_id_card_near_misses_are_not_reported(text):
    assert Kind.ID_CARD not in kinds(text)


def test_bank_card_grouped_and_plain_and_near_misses():
    card = make_card()
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    assert found(f"银行卡号：{grouped}") == [("bank_card", grouped, "error")]
    long_card = make_card(length=19)
    assert found(f"账号{long_card}。") == [("bank_card", long_card, "error")]
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"银行卡号：{bad}") == set()
    # Passes Luhn but no card scheme issues numbers starting with 2024.
    order = "2024051212345678"
    order = order[:-1] + next(d for d in "0123456789" if detectors.checksums.luhn_valid(order[:-1] + d))
    assert kinds(f"交易号 {order}") == set()


def test_credit_codes_are_info_for_organisations_and_warning_for_individual_businesses():
    company = make_credit_code("91")
    assert found(f"统一社会信用代码：{company}") == [("credit_code", company, "info")]
    shop = make_credit_code("92")
    assert found(f"个体工商户{shop}") == [("credit_code", shop, "warning")]
    assert kinds(f"统一社会信用代码：{company[:-1]}{'0' if company[-1] != '0' else '1'}") == set()


def test_mobile_formats_and_prefixes():
    for shown in ("13812345678", "138-1234-5678", "138 1234 5678", "+86 13812345678", "+8613812345678"):
        assert found(f"手机：{shown}。") == [("mobile", shown, "error")], shown
    for number in ("12012345678", "15412345678", "16012345678", "19412345678"):
        assert kinds(f"号码：{number}") == set(), number
    assert kinds("订单号13812345678") == set()
    assert kinds("共计138123456789元") == set()


def test_traditional_characters_and_fullwidth_digits():
    assert found("申請人：張三，手機：１３８１２３４５６７８") == [
        ("person_name", "張三", "error"),
        ("mobile", "１３８１２３４５６７８", "error"),
    ]


# ---------------------------------------------------------------- institutional or not


def test_office_contact_data_is_info_and_applicant_contact_data_is_error():
    office = "县政府办公室联系电话：0797-5712345，传真：0797-5712346，电子邮箱：gk@shicheng.gov.cn。"
    assert {severity for _, _, severity in found(office)} == {"info"}
    assert kinds(office) == {"landline", "email"}
    applicant = "申请人：李四\n住宅电话：0797-5712345\n电子邮箱：lisi1990@qq.com"
    assert found(applicant) == [
        ("person_name", "李四", "error"),
        ("landline", "0797-5712345", "error"),
        ("email", "lisi1990@qq.com", "error"),
    ]


def test_local_numbers_only_after_a_phone_label_and_lists_inherit_the_label():
    assert found("聯系電話:7222186、7222730,傳真:7222670。") == [
        ("landline", "7222186", "info"),
        ("landline", "7222730", "info"),
        ("landline", "7222670", "info"),
    ]
    assert kinds("本项目投资7222186元") == set()


def test_landline_without_any_context_is_a_warning():
    assert found("0571-88886666") == [("landline", "0571-88886666", "warning")]


# ------------------------------------------------------------------- plates, passports


def test_plates_passports_and_permits():
    assert found("车牌号京A12345，粤B·D12345。") == [
        ("license_plate", "京A12345", "error"),
        ("license_plate", "粤B·D12345", "error"),
    ]
    assert kinds("京ICP备05070218号") == set()
    assert found("护照号码：E12345678") == [("passport", "E12345678", "error")]
    assert found("往来港澳通行证：CA1234567") == [("hk_macao_permit", "CA1234567", "error")]
    assert found("G12345678次列车") == []
    assert found("批号E20240512") == []
    assert found("型号 E12345678") == [("passport", "E12345678", "warning")]


# ------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("申请人：王小明，性别：男", "王小明"),
        ("姓名：欧阳娜娜\n", "欧阳娜娜"),
        ("户主李建国家庭", "李建国"),
        ("申请人张三于2024年5月提出申请", "张三"),
        ("姓    名：李　明\n", "李　明"),
        ("申请人\t赵子涵\t", "赵子涵"),
    ],
)
def test_names_after_labels(text, name):
    assert ("person_name", name, "error") in found(text)


def test_name_after_contact_person_is_a_warning():
    assert found("联系人：周华，联系电话见附件。") == [("person_name", "周华", "warning")]


@pytest.mark.parametrize(
    "text",
    [
        "申请人应当提供身份证明。",
        "申请人向行政机关申请获取政府信息。",
        "代理人陈述了意见。",
        "申请人张某某于2024年提出申请。",
        "申请人：王先生\n",
        "当事人双方的意见一致。",
        "姓名：__________",
        "户主签字：",
    ],
)
def test_label_words_that_are_not_followed_by_a_name(text):
    assert Kind.PERSON_NAME not in kinds(text)


def test_names_in_a_table_and_their_other_mentions():
    text = "序号\t姓名\t性别\n1\t马然\t男\n2\t诸葛明亮\t男\n\n马然同志的材料已收到。"
    names = [(t, s) for k, t, s in found(text) if k == Kind.PERSON_NAME]
    assert names == [("马然", "error"), ("诸葛明亮", "error"), ("马然", "error")]


# ----------------------------------------------------------------------------- address


def test_addresses_with_divisions_and_residence_labels():
    text = "家庭住址：北京市朝阳区建国路88号院3号楼2单元501室，"
    assert found(text) == [("address", "北京市朝阳区建国路88号院3号楼2单元501室", "error")]
    assert found("申请人住在上海市浦东新区世纪大道100号") == [("address", "上海市浦东新区世纪大道100号", "error")]
    rural = "住址：河北省保定市曲阳县城关镇东村3组联系电话：13912345678"
    assert ("address", "河北省保定市曲阳县城关镇东村3组", "error") in found(rural)
    office = "信函请寄至:成都市督院街30号省政府信息公开办 邮编:610016"
    assert found(office) == [("address", "成都市督院街30号", "info")]
    assert kinds("根据赣府厅字〔2024〕15号文件精神") == set()


def test_contact_context_classifier():
    norm = normalize("申请人：张三\n联系电话：0571-88886666")
    assert detectors.contact_context(norm, norm.index("0571"), len(norm)) == detectors.PERSONAL
    norm = normalize("传真：0571-88886666")
    assert detectors.contact_context(norm, norm.index("0571"), len(norm)) == detectors.INSTITUTIONAL
    norm = normalize("0571-88886666")
    assert detectors.contact_context(norm, 0, len(norm)) == detectors.UNKNOWN


def test_overlapping_candidates_keep_the_checksummed_kind():
    # An ID number of 甘肃 (62…) that also passes Luhn looks like a UnionPay card as well.
    number = next(
        n
        for n in (make_id(region="622202", serial=f"{s:03d}") for s in range(1000))
        if detectors.checksums.luhn_valid(n)
    )
    text = f"号码 {number}"
    assert [f.kind for f in detectors.detect_bank_cards(text, normalize(text))] == [Kind.BANK_CARD]
    report = scan_text(text, checks={CHECK_PERSONAL})
    assert [(f.kind, f.severity) for f in report.findings] == [(Kind.ID_CARD, Severity.ERROR)]


def test_names_under_an_applicant_column_heading_are_found():
    from gongkai.privacy.scanner import scan_text

    html = (
        "<table><tbody><tr><th>申请人</th><th>救助金额</th></tr>"
        "<tr><td>张三丰</td><td>800元</td></tr><tr><td>李四</td><td>600元</td></tr></tbody></table>"
    )
    names = [f.text for f in scan_text(html, html=True).findings if f.kind == "person_name"]
    assert names == ["张三丰", "李四"]
