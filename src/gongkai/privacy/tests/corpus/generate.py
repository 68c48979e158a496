"""Generate the labelled corpus of the privacy scanner (corpus.jsonl beside this file).

    uv run python src/gongkai/privacy/tests/corpus/generate.py

Deterministic (fixed seed): running it again reproduces the committed file byte for byte,
and a test checks that. Each line is one case:

    {"id": "...", "tags": [...], "text": "...",
     "expected": [{"kind": "...", "start": 0, "end": 0, "personal": true}]}

`expected` lists every span the detectors should report in the text; `personal` is false
for an office's own contact data and organisations' credit codes (reported as info). A
case is *positive* if it expects at least one personal item, *negative* otherwise; the
negatives are near-misses: order numbers, dates, 文号, 索引号, numbers whose check character,
date or region is wrong, phone-like numbers with unallocated prefixes, de-identified names.
Identifier values are generated with valid (or deliberately invalid) check characters.
"""

import json
import random
import sys
from pathlib import Path

from gongkai.privacy.checksums import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_character,
    id_check_character,
    luhn_check_digit,
    luhn_valid,
    org_code_check_character,
)

OUTPUT = Path(__file__).with_name("corpus.jsonl")
SEED = 20240601

# Real county-level codes (GB/T 2260), including the seed documents' counties.
REGIONS = [
    "110105", "110108", "310104", "320102", "330106", "360735", "440305", "510104", "220524", "370202",
    "420106", "610113", "500103", "210102", "130102", "410105", "430104", "350203", "530102", "650102",
    "211005", "360781", "451302", "620102",
]  # fmt: skip
BANK_BINS = ["622202", "621700", "622848", "621661", "622588", "623058", "625965", "436742", "524094", "601382"]
MOBILE_PREFIXES = ["130", "133", "135", "136", "138", "139", "147", "150", "153", "155", "158", "166", "173", "177",
                   "180", "182", "186", "187", "189", "191", "195", "198", "199"]  # fmt: skip
BAD_MOBILE_PREFIXES = ["120", "110", "154", "160", "161", "164", "169", "179", "194", "100", "140", "128"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "东方"]
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然"
    "子涵欣怡梓轩思远雨萱俊杰晓东志强海燕春梅丹凤金龙立新"
)
STREETS = [
    "建国路",
    "中山路",
    "人民路",
    "解放路",
    "文三路",
    "长江路",
    "黄河路",
    "和平街",
    "新华街",
    "东风路",
    "胜利路",
    "朝阳路",
]
CITIES = [
    ("北京市", "朝阳区"), ("北京市", "海淀区"), ("上海市", "徐汇区"), ("浙江省杭州市", "西湖区"),
    ("江西省赣州市", "石城县"),
    ("四川省成都市", "锦江区"), ("吉林省通化市", "柳河县"), ("广东省深圳市", "南山区"), ("湖北省武汉市", "武昌区"),
    ("河南省郑州市", "金水区"), ("辽宁省本溪市", "南芬区"), ("山东省青岛市", "市南区"),
]  # fmt: skip
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋蒙陕吉闽贵粤青川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

# Government prose with numbers, dates and 文号 but no personal data (several lines are
# taken from the seed documents).
PROSE = [
    "根据《江西省人民政府办公厅关于印发2024年江西省政务公开工作要点的通知》(赣府厅字〔2024〕15号)精神,结合县情和工作实际,制定本要点。",
    "为贯彻落实《关于全面推进政务公开工作的实施意见》(吉办发[2016]43号)和《关于全面推进政务公开工作的实施办法》(通办发[2016]36号)文件要求。",
    "请各单位研究提出修改意见,并于6月5日11时前将所提意见传真至县政府办公室。",
    "征求意见的时间为2016年8月25日至8月31日,对文稿的修改意见可通过信函、传真或电子邮件等方式反馈。",
    "把政务公开工作纳入政府绩效考核体系,所占分值权重不应低于4%。",
    "2017年,南芬区始终将政务公开工作作为政府职能建设的重要内容,深入解读相关文件精神。",
    "发布时间:2018-03-09 13:34:24",
    "发布日期: 2018-03-09 成文日期: 2018-03-09",
    "及时公开制造业重点产业链现代化建设“1269”“7510”“3212”行动计划。",
    "本年度共主动公开政府信息1325条,其中政策文件46件,政策解读31篇。",
    "全年共受理政府信息公开申请17件,按时答复率100%。",
    "县财政局于2024年3月15日公开2024年部门预算,涉及资金12345678.90元。",
    "订单号:202405121234567890,请于3个工作日内完成支付。",
    "本通知自2024年1月1日起施行,有效期至2028年12月31日。",
    "各乡(镇)人民政府,县城市社区管委会,县政府各部门,县直、驻县有关单位:",
    "会议于2023年12月28日下午3时在县政府第一会议室召开。",
    "共计发放补贴资金3826.5万元,惠及群众12.6万人次。",
    "《中华人民共和国政府信息公开条例》第二十条规定,行政机关应当主动公开本行政机关的机构职能。",
    "截至2024年6月30日,全县已完成12345户农村危房改造任务。",
    "受理编号:GK20240512001,受理日期:2024年5月12日。",
    "统计口径:2019年1月1日至2019年12月31日。",
    "附件1:2024年度政府开放日活动安排表(共28项)。",
    "ICP备案号:京ICP备05070218号 京公网安备11010202000001号",
    "申请人应当提供身份证明,申请人委托代理人提出申请的,应当提供委托书。",
    "申请人向行政机关申请获取政府信息的,应当采用包括信件、数据电文在内的书面形式。",
    "申请人对行政机关的答复不服的,可以依法申请行政复议或者提起行政诉讼。",
    "代理人代为提出申请的,应当同时提交授权委托书。",
    "当事人对行政处罚决定不服的,可以在六十日内申请行政复议。",
    "联系人及联系方式应当在申请表中如实填写。",
    "申请人张某某于2024年5月12日提交申请,本机关依法予以答复。",
    "户主王某某家庭享受最低生活保障待遇。",
    "姓名:__________ 身份证号:__________",
    "统一社会信用代码:(请填写)",
]

_rng = random.Random(SEED)


def rng() -> random.Random:
    return _rng


# --------------------------------------------------------------------------- values


def id18(*, valid: bool = True, year: int | None = None, month: int | None = None, day: int | None = None,
         region: str | None = None) -> str:  # fmt: skip
    r = rng()
    region = region or r.choice(REGIONS)
    year = year or r.randint(1935, 2005)
    month = month or r.randint(1, 12)
    day = day or r.randint(1, 28)
    body = f"{region}{year:04d}{month:02d}{day:02d}{r.randint(0, 999):03d}"
    check = id_check_character(body)
    if not valid:
        check = r.choice([c for c in "0123456789X" if c != check])
    return body + check


def id18_with_x() -> str:
    while True:
        value = id18()
        if value.endswith("X"):
            return value


def id15() -> str:
    r = rng()
    return (
        f"{r.choice(REGIONS)}{r.randint(40, 98):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(0, 999):03d}"
    )


def bank_card(length: int = 16, *, valid: bool = True, bin_: str | None = None) -> str:
    r = rng()
    prefix = bin_ or r.choice(BANK_BINS)
    body = prefix + "".join(r.choice("0123456789") for _ in range(length - len(prefix) - 1))
    check = luhn_check_digit(body)
    if not valid:
        check = str((int(check) + r.randint(1, 9)) % 10)
    return body + check


def grouped(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def credit_code(prefix: str, *, valid: bool = True) -> str:
    r = rng()
    org = "".join(r.choice(CREDIT_CODE_ALPHABET) for _ in range(8))
    org += org_code_check_character(org)
    body = f"{prefix}{r.choice(REGIONS)}{org}"
    check = credit_code_check_character(body)
    if not valid:
        check = r.choice([c for c in CREDIT_CODE_ALPHABET if c != check])
    return body + check


def mobile(prefix: str | None = None) -> str:
    r = rng()
    return (prefix or r.choice(MOBILE_PREFIXES)) + "".join(r.choice("0123456789") for _ in range(8))


def name(*, compound: bool = False, length: int | None = None) -> str:
    r = rng()
    surname = r.choice(COMPOUND) if compound else r.choice(SURNAMES)
    given_length = length or r.choice([1, 2, 2, 2])
    return surname + "".join(r.choice(GIVEN) for _ in range(given_length))


def plate() -> str:
    r = rng()
    tail = "".join(r.choice("0123456789") for _ in range(4))
    middle = r.choice("0123456789" + PLATE_LETTERS)
    return r.choice(PLATE_PROVINCES) + r.choice(PLATE_LETTERS) + middle + tail


def digits(n: int) -> str:
    r = rng()
    return str(r.randint(1, 9)) + "".join(r.choice("0123456789") for _ in range(n - 1))


def local_number(n: int) -> str:
    """A local telephone number: 7 or 8 digits, never starting with 0, 1 or 9."""
    r = rng()
    return str(r.randint(2, 8)) + "".join(r.choice("0123456789") for _ in range(n - 1))


def address(*, detail: bool = True) -> str:
    r = rng()
    province_city, district = r.choice(CITIES)
    street = r.choice(STREETS)
    tail = f"{r.randint(1, 300)}号"
    if detail:
        tail += f"{r.randint(1, 20)}栋{r.randint(1, 6)}单元{r.randint(1, 30)}0{r.randint(1, 4)}室"
    return f"{province_city}{district}{street}{tail}"


# ---------------------------------------------------------------------------- cases

Part = str | tuple[str, str] | tuple[str, str, bool]


class Corpus:
    def __init__(self) -> None:
        self.cases: list[dict[str, object]] = []
        self.counters: dict[str, int] = {}

    def add(self, group: str, parts: list[Part], *tags: str) -> None:
        text = ""
        expected: list[dict[str, object]] = []
        for part in parts:
            if isinstance(part, str):
                text += part
                continue
            kind, value = part[0], part[1]
            personal = part[2] if len(part) == 3 else True
            expected.append({"kind": kind, "start": len(text), "end": len(text) + len(value), "personal": personal})
            text += value
        self.counters[group] = self.counters.get(group, 0) + 1
        polarity = "positive" if any(e["personal"] for e in expected) else "negative"
        self.cases.append(
            {
                "id": f"{group}-{self.counters[group]:03d}",
                "polarity": polarity,
                "tags": list(tags),
                "text": text,
                "expected": expected,
            }
        )


def positives(c: Corpus) -> None:
    r = rng()
    id_templates = [
        ("身份证号码：", "。"),
        ("公民身份号码", "，"),
        ("证件号码: ", ""),
        ("申请人身份证号", "，请核对。"),
        ("（居民身份证：", "）"),
    ]
    for i in range(30):
        before, after = id_templates[i % len(id_templates)]
        value = id18_with_x() if i % 6 == 0 else id18()
        if i % 10 == 9:
            value = value.lower()
        c.add("id_card", [before, ("id_card", value), after])
    for i in range(10):
        before, after = id_templates[i % len(id_templates)]
        c.add("id_card", [before, ("id_card", id15()), after], "legacy15")

    for i in range(30):
        length = [16, 19, 16, 19, 17, 18][i % 6]
        value = bank_card(length)
        shown = grouped(value) if i % 3 == 0 else value
        template = ["银行卡号：", "收款账号", "开户行：中国工商银行 账号：", "请将补偿款汇入"][i % 4]
        c.add("bank_card", [template, ("bank_card", shown), "。"])

    org_prefixes = ["11", "12", "51", "52", "91", "93", "91", "91"]
    for i in range(20):
        value = credit_code(org_prefixes[i % len(org_prefixes)])
        c.add("credit_code", ["统一社会信用代码：", ("credit_code", value, False), "。"], "organisation")
    for _i in range(10):
        c.add("credit_code", ["经营者统一社会信用代码", ("credit_code", credit_code("92"), True), "，个体工商户。"])

    mobile_templates = ["手机：", "联系电话：", "手机号码", "来电号码为", "电话 "]
    for i in range(30):
        value = mobile()
        if i % 5 == 1:
            value = f"{value[:3]}-{value[3:7]}-{value[7:]}"
        elif i % 5 == 2:
            value = f"+86 {value}"
        elif i % 5 == 3:
            value = f"{value[:3]} {value[3:7]} {value[7:]}"
        c.add("mobile", [mobile_templates[i % len(mobile_templates)], ("mobile", value), "。"])

    for i in range(15):
        area = r.choice(["010", "021", "028", "0571", "0797", "0435", "0414"])
        value = f"{area}-{local_number(8 if len(area) == 3 else 7)}"
        c.add("landline", [f"申请人：{'' if i % 2 else '（自然人）'}", "\n住宅电话：", ("landline", value), "\n"])

    for i in range(10):
        local = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(4, 9)))
        domain = r.choice(["qq.com", "163.com", "126.com", "gmail.com", "sina.com", "outlook.com"])
        value = f"{local}{r.randint(1, 999)}@{domain}" if i % 2 else f"{local}@{domain}"
        c.add("email", ["申请人电子邮箱：", ("email", value), "，请勿公开。"])

    for i in range(15):
        c.add("license_plate", [["车牌号", "号牌号码：", "车辆"][i % 3], ("license_plate", plate()), "于当日违停。"])

    for i in range(10):
        number = f"E{digits(8)}" if i % 2 else f"E{r.choice('ABCDEFGH')}{digits(7)}"
        c.add("passport", [["护照号码：", "护照号", "证件号码（护照）："][i % 3], ("passport", number), "。"])
    for i in range(10):
        number = f"C{digits(8)}" if i % 2 else f"C{r.choice('ABCDEFGH')}{digits(7)}"
        c.add(
            "hk_macao_permit",
            [["往来港澳通行证号码：", "港澳通行证", "通行证号码 "][i % 3], ("hk_macao_permit", number), "。"],
        )

    for i in range(20):
        value = address(detail=i % 2 == 0)
        template = ["家庭住址：", "申请人住", "现住址", "户籍地址：", "收件地址（申请人本人）："][i % 5]
        c.add("address", [template, ("address", value), "。"])
    for _i in range(5):
        province_city, district = r.choice(CITIES)
        town = r.choice(["城关镇", "高田镇", "木兰乡"])
        value = f"{province_city}{district}{town}{r.choice(['东', '西', '南'])}村{r.randint(1, 9)}组"
        c.add("address", ["住址：", ("address", value), "\n"], "rural")

    labelled = ["申请人：", "姓名：", "户主：", "申请人姓名：", "姓    名：", "户主姓名 ", "委托代理人：", "申请人\t"]
    for i in range(32):
        value = name(compound=i % 8 == 7, length=[1, 2, 2, 2][i % 4])
        after = ["，性别：男", "\n", "（身份证号见附件）", "，", "\t性别\t女", "。"][i % 6]
        c.add("person_name", [labelled[i % len(labelled)], ("person_name", value), after], "labelled")
    for _i in range(8):
        c.add("person_name", ["联系人：", ("person_name", name()), "，联系电话见申请表。"], "labelled")
    for _i in range(6):
        value = name(length=2)
        c.add("person_name", ["申请人", ("person_name", value), "于2024年5月12日提出政府信息公开申请。"], "running")

    for i in range(4):
        value = name(length=1)
        padded = value[0] + ["  ", "\u3000", " "][i % 3] + value[1]
        c.add("person_name", ["姓    名：", ("person_name", padded), "\n"], "labelled", "padded")

    # Known gaps, kept so that the figures show them: names in running text without a
    # label, and mobile numbers written with dots.
    for _i in range(5):
        value = name(length=2)
        c.add(
            "person_name",
            ["今天上午", ("person_name", value), "到政务服务中心窗口办理业务。"],
            "unlabelled",
            "known_gap",
        )
    for _i in range(3):
        value = mobile()
        c.add("mobile", ["手机：", ("mobile", f"{value[:3]}.{value[3:7]}.{value[7:]}"), "。"], "known_gap")

    # Tables of names (as docx/html extraction writes them: cells separated by tabs).
    for _i in range(6):
        parts: list[Part] = ["序号\t姓名\t性别\t身份证号码\t联系电话\n"]
        for row in range(1, 4):
            parts += [f"{row}\t", ("person_name", name()), f"\t{r.choice('男女')}\t", ("id_card", id18()), "\t",
                      ("mobile", mobile()), "\n"]  # fmt: skip
        c.add("table", parts, "labelled", "table")

    # Whole application forms.
    for _i in range(10):
        applicant = name()
        c.add(
            "form",
            [
                "政府信息公开申请表\n申请人：", ("person_name", applicant), "\n身份证号码：", ("id_card", id18()),
                "\n联系电话：", ("mobile", mobile()), "\n通讯地址：", ("address", address()),
                "\n所需信息：2023年度本县农村危房改造补助资金发放情况。\n",
            ],
            "labelled",
        )  # fmt: skip


def negatives(c: Corpus) -> None:
    r = rng()
    for _i in range(20):
        c.add("id_card", ["身份证号码：", id18(valid=False), "。"], "bad_checksum")
    for i in range(10):
        bad_dates = [(1990, 13, 1), (1985, 2, 30), (1975, 4, 31), (1960, 0, 12), (2001, 6, 0)]
        year, month, day = bad_dates[i % len(bad_dates)]
        body = f"{r.choice(REGIONS)}{year}{month:02d}{day:02d}{r.randint(0, 999):03d}"
        c.add("id_card", ["编号", body + id_check_character(body), "。"], "bad_date")
    for _i in range(8):
        province = r.choice(["99", "00", "20", "39", "72", "90"])
        body = f"{province}{r.randint(1, 9999):04d}19{r.randint(40, 99)}0612{r.randint(0, 999):03d}"
        c.add("id_card", ["证件号：", body + id_check_character(body), "。"], "bad_region")
    for _i in range(10):
        c.add(
            "id_card",
            ["订单号：", f"2024{r.randint(1, 12):02d}{r.randint(1, 28):02d}{digits(10)}", "，已发货。"],
            "order",
        )
    for _i in range(5):
        c.add("id_card", ["流水号", id18() + str(r.randint(0, 9)), "。"], "too_long")

    for _i in range(20):
        c.add("bank_card", ["银行卡号：", bank_card(r.choice([16, 19]), valid=False), "。"], "bad_checksum")
    for _i in range(10):
        number = "2024" + digits(14)
        while not luhn_valid(number):
            number = "2024" + digits(14)
        c.add("bank_card", ["交易单号：", number, "。"], "order_luhn_valid")
    for _i in range(5):
        c.add("bank_card", ["电表户号", "1" + digits(15), "。"], "bad_prefix")

    for _i in range(15):
        c.add(
            "credit_code",
            ["统一社会信用代码：", credit_code(r.choice(["91", "11", "92"]), valid=False), "。"],
            "bad_checksum",
        )
    for _i in range(5):
        c.add("credit_code", ["产品型号", f"ZX{digits(6)}ABCDEFGHIO", "。"], "bad_alphabet")

    for prefix in BAD_MOBILE_PREFIXES:
        c.add("mobile", ["号码：", mobile(prefix), "。"], "bad_prefix")
    for _i in range(5):
        c.add("mobile", ["订单号", mobile(), "。"], "order")
    for _i in range(5):
        c.add("mobile", ["共计", mobile() + str(r.randint(0, 9)), "元。"], "too_long")

    for _i in range(5):
        c.add("landline", ["本项目投资", digits(7), "元。"], "no_label")
    for _i in range(5):
        c.add(
            "landline",
            ["发布日期：", f"{r.randint(2015, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "。"],
            "date",
        )

    # Institutional contact data: reported as info, never as personal data.
    offices = ["县政府办公室", "县信访局", "市政务服务中心", "区财政局", "县人民政府信息公开办"]
    for i in range(12):
        area = r.choice(["028", "0571", "0797", "0435"])
        value = f"{area}-{local_number(8 if len(area) == 3 else 7)}"
        label = ["联系电话：", "传真：", "咨询电话：", "监督电话："][i % 4]
        c.add(
            "institutional", [f"{offices[i % len(offices)]}{label}", ("landline", value, False), "。"], "institutional"
        )
    for _i in range(6):
        c.add(
            "institutional",
            ["联系电话：", ("landline", f"7{digits(6)}", False), "、", ("landline", f"7{digits(6)}", False), "，传真：",
             ("landline", f"7{digits(6)}", False), "。"],
            "institutional",
        )  # fmt: skip
    for _i in range(5):
        # 索引号 = the publishing organisation's credit code / year - serial (an organisation's
        # code is public: reported as info only).
        code = credit_code(r.choice(["11", "12"]))
        serial = f"/2024-{r.randint(1, 999):05d} 主题分类:政务公开"
        c.add("institutional", ["索引号:", ("credit_code", code, False), serial],
              "institutional", "index_number")  # fmt: skip
    for i in range(8):
        local = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
        domain = r.choice(["sc.gov.cn", "jiangxi.gov.cn", "gov.cn", "shicheng.gov.cn"])
        c.add(
            "institutional",
            [["电子邮箱：", "来信请发送至"][i % 2], ("email", f"{local}@{domain}", False), "。"],
            "institutional",
        )
    for _i in range(6):
        province_city, district = r.choice(CITIES)
        value = f"{province_city}{district}{r.choice(STREETS)}{r.randint(1, 99)}号"
        c.add(
            "institutional",
            ["信函请寄至：", ("address", value, False), f"{r.choice(offices)} 邮编：", digits(6)],
            "institutional",
        )

    for _i in range(5):
        c.add("license_plate", ["网站备案：", f"京ICP备{digits(8)}号", "。"], "icp")
    for _i in range(5):
        letters = "".join(r.choice(PLATE_LETTERS) for _ in range(5))
        c.add("license_plate", ["型号", f"{r.choice('粤川京')}{r.choice('ABC')}{letters}", "。"], "letters_only")

    for _i in range(5):
        c.add(
            "passport", ["批号", f"E{r.randint(2015, 2024)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}", "。"], "batch"
        )
    for _i in range(5):
        c.add("passport", ["车次", f"G{digits(8)}", "。"], "no_context")
    for _i in range(5):
        c.add("hk_macao_permit", ["型号", f"C{digits(7)}", "。"], "too_short")

    for _i in range(10):
        label = r.choice(["申请人", "户主", "当事人"])
        c.add(
            "person_name", [label, r.choice(["张某", "李某某", "王某", "赵某某"]), "于2024年提出申请。"], "deidentified"
        )
    for _i in range(5):
        c.add("person_name", ["申请人：", r.choice(["王先生", "李女士", "张同志"]), "\n"], "title_only")
    for _i in range(5):
        number = f"{r.choice(['赣府厅字', '国办发', '川办发'])}〔{r.randint(2015, 2024)}〕{r.randint(1, 99)}号"
        c.add("address", ["根据", number, "文件精神。"], "document_number")

    for sentence in PROSE:
        c.add("prose", [sentence], "prose")


def build() -> list[dict[str, object]]:
    global _rng
    _rng = random.Random(SEED)
    corpus = Corpus()
    positives(corpus)
    negatives(corpus)
    return corpus.cases


def render(cases: list[dict[str, object]]) -> str:
    return "".join(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n" for case in cases)


def main() -> None:
    cases = build()
    OUTPUT.write_text(render(cases), encoding="utf-8")
    positive = sum(1 for c in cases if c["polarity"] == "positive")
    sys.stdout.write(f"{OUTPUT}: {len(cases)} cases, {positive} positive, {len(cases) - positive} negative\n")


if __name__ == "__main__":
    main()
