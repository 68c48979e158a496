"""The relevance test corpus: the five seed pages plus seeded, realistic variations.

Every generated document carries ground-truth labels (concept -> grade 0-3) decided here, from
what the document is written to be about, never from what the engine returns: 3 = the
document is about it (it is in the title), 2 = substantially about it in the body,
1 = mentions it in passing. judgments.json is derived from these labels (see judge.py).

Variations cover what search must survive: traditional-character copies (OpenCC s2t), the two
spellings of a synonym pair used separately (低保 / 最低生活保障, 医保 / 医疗保障), 中华人民共和国
inside the longer dictionary word 中华人民共和国政府, 双随机一公开 next to documents that only
contain its pieces, and 文号 with near-miss neighbours (same year other serial, same serial other
year, other agency).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import opencc

from gongkai.search.engine import SearchDocument

SEED_DIR = Path(__file__).resolve().parents[3] / "portal" / "seeds"
RANDOM_SEED = 20240615

_S2T = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Org:
    id: int
    name: str
    path: tuple[int, ...]  # ancestors and itself


ORGS = {
    "江西省": Org(1, "江西省人民政府", (1,)),
    "江西省办公厅": Org(11, "江西省人民政府办公厅", (1, 11)),
    "赣州市": Org(2, "赣州市人民政府", (1, 2)),
    "石城县": Org(3, "石城县人民政府", (1, 2, 3)),
    "石城县民政局": Org(31, "石城县民政局", (1, 2, 3, 31)),
    "石城县医疗保障局": Org(32, "石城县医疗保障局", (1, 2, 3, 32)),
    "石城县乡村振兴局": Org(33, "石城县乡村振兴局", (1, 2, 3, 33)),
    "石城县市场监督管理局": Org(34, "石城县市场监督管理局", (1, 2, 3, 34)),
    "瑞金市": Org(4, "瑞金市人民政府", (1, 2, 4)),
    "瑞金市民政局": Org(41, "瑞金市民政局", (1, 2, 4, 41)),
    "瑞金市医疗保障局": Org(42, "瑞金市医疗保障局", (1, 2, 4, 42)),
    "四川省": Org(5, "四川省人民政府", (5,)),
    "南芬区": Org(6, "南芬区人民政府", (6,)),
    "柳河县": Org(7, "柳河县人民政府", (7,)),
    "平顶山市": Org(8, "平顶山市人民政府", (8,)),
}
COUNTY_ORGS = ("石城县", "瑞金市")


@dataclass
class CorpusDoc:
    doc: SearchDocument
    labels: dict[str, int] = field(default_factory=dict)


def _doc(
    doc_id: str,
    title: str,
    body: str,
    org: str,
    day: dt.date,
    labels: dict[str, int],
    *,
    type_: str = "publication",
    kind: str = "通知公告",
    doc_number: str = "",
    index_number: str = "",
    topics: tuple[str, ...] = (),
    validity: str = "有效",
) -> CorpusDoc:
    owner = ORGS[org]
    return CorpusDoc(
        doc=SearchDocument(
            id=doc_id,
            type=type_,
            title=title,
            body=body,
            url=f"/gk/{doc_id}/",
            org_id=owner.id,
            org_path=owner.path,
            kind=kind,
            topics=topics,
            date=day,
            validity=validity,
            doc_number=doc_number,
            index_number=index_number,
            version="1",
        ),
        labels=labels,
    )


def _traditional(item: CorpusDoc, doc_id: str) -> CorpusDoc:
    """A traditional-character copy (OpenCC s2t), as a Hong Kong or Taiwan reader would send."""
    doc = item.doc
    copy = SearchDocument(
        id=doc_id,
        type=doc.type,
        title=_S2T.convert(doc.title),
        body=_S2T.convert(doc.body),
        url=f"/gk/{doc_id}/",
        org_id=doc.org_id,
        org_path=doc.org_path,
        kind=doc.kind,
        topics=doc.topics,
        date=doc.date,
        validity=doc.validity,
        doc_number=doc.doc_number,
        index_number="",
        version="1",
    )
    return CorpusDoc(doc=copy, labels=dict(item.labels))


# -- reusable sentences --------------------------------------------------------------------------

_FILLER = [
    "各单位要提高思想认识，加强组织领导，明确责任分工，确保各项工作落到实处。",
    "请各乡（镇）人民政府、县直各有关单位结合实际，认真贯彻执行。",
    "工作中遇到的问题，请及时向县政府办公室反馈。",
    "要严格执行相关规定，做到程序规范、结果公正、公开透明。",
    "本通知自印发之日起施行，此前有关规定与本通知不一致的，以本通知为准。",
    "各地要加强宣传引导，及时回应群众关切，营造良好社会氛围。",
    "对工作推进不力、造成不良影响的，将依规依纪严肃追究相关人员责任。",
    "联系电话：0797-5712345，联系地址：县行政中心三楼。",
]


def _filler(rng: random.Random, n: int) -> str:
    return "".join(rng.sample(_FILLER, n))


# -- families --------------------------------------------------------------------------------------


def _dibao(rng: random.Random) -> list[CorpusDoc]:
    """最低生活保障, written as the full term, as 低保, or both."""
    docs: list[CorpusDoc] = []
    specs = [
        # (title, body core, style, subtopic labels)
        (
            "关于提高{y}年城乡居民最低生活保障标准的通知",
            "经县人民政府研究同意，自{y}年1月1日起，城市居民最低生活保障标准由每人每月{a}元提高到{b}元，农村居民最低生活保障标准由每人每月{c}元提高到{d}元。",
            "full",
            {"dibao_standard": 3},
        ),
        (
            "{o}{y}年第{q}季度城乡低保资金发放情况公示",
            "现将本季度城乡低保资金发放情况予以公示：全县城市低保对象{n}户，发放低保金{a}万元；农村低保对象{m}户，发放低保金{b}万元。",
            "short",
            {"dibao_funds": 3},
        ),
        (
            "{o}农村低保对象认定办法",
            "为规范农村低保对象认定工作，根据有关规定，制定本办法。申请农村低保以家庭为单位，由户主向户籍所在地乡镇人民政府提出书面申请。",
            "short",
            {"dibao_apply": 2},
        ),
        (
            "关于做好最低生活保障家庭经济状况核对工作的通知",
            "各乡镇要认真做好最低生活保障申请家庭的收入、财产核对工作，核对结果作为审核确认的重要依据，确保最低生活保障对象认定精准。",
            "full",
            {"dibao_apply": 2},
        ),
        (
            "{o}城市低保申请指南",
            "一、申请条件：共同生活的家庭成员人均收入低于当地城市低保标准，且家庭财产状况符合规定。二、办理流程：申请、受理、审核、公示、确认。",
            "short",
            {"dibao_apply": 3},
        ),
        (
            "{o}民政局关于{y}年低保专项治理工作的报告",
            "今年以来，我局深入开展低保专项治理，清理不符合条件的低保对象{n}户，新纳入{m}户，做到应保尽保、应退尽退。",
            "short",
            {},
        ),
        (
            "最低生活保障审核确认办法政策解读",
            "《最低生活保障审核确认办法》明确了申请、审核、确认、管理等各环节的具体要求，进一步规范了最低生活保障工作程序。同时，低保边缘家庭也纳入了监测范围。",
            "both",
            {"dibao_apply": 2},
        ),
        (
            "关于调整最低生活保障标准的通知",
            "根据经济社会发展水平和物价变动情况，决定调整全县最低生活保障标准，城市标准提高到每人每月{b}元。",
            "full",
            {"dibao_standard": 3},
        ),
        (
            "{o}{y}年低保标准调整情况说明",
            "{y}年我县城乡低保标准分别提高{a}元和{c}元，低保标准动态调整机制进一步完善。",
            "short",
            {"dibao_standard": 3},
        ),
        (
            "关于开展最低生活保障对象动态管理工作的通知",
            "各地要对最低生活保障对象实行分类动态管理，定期核查家庭人口、收入和财产变化情况。",
            "full",
            {},
        ),
    ]
    n = 0
    for title_t, body_t, style, extra in specs:
        for org in rng.sample(COUNTY_ORGS, 2):
            y = rng.choice([2021, 2022, 2023, 2024])
            values = {
                "y": y,
                "o": org,
                "q": rng.randint(1, 4),
                "a": rng.randint(600, 800),
                "b": rng.randint(810, 900),
                "c": rng.randint(450, 550),
                "d": rng.randint(560, 650),
                "n": rng.randint(800, 3000),
                "m": rng.randint(100, 900),
            }
            title = title_t.format(**values)
            body = body_t.format(**values) + _filler(rng, 3)
            labels = {"dibao": 3 if ("低保" in title or "最低生活保障" in title) else 2, "dibao_style_" + style: 1}
            labels.update(extra)
            if "标准" in title and "dibao_standard" in labels:
                labels["dibao_standard"] = 3
            n += 1
            docs.append(
                _doc(
                    f"dibao-{n:03d}",
                    title,
                    body,
                    f"{org}民政局" if f"{org}民政局" in ORGS else org,
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    labels,
                    topics=("民政、扶贫、救灾",),
                    kind="政策文件" if "办法" in title or "通知" in title else "通知公告",
                )
            )
    # A mailbox reply and a consultation about 低保.
    docs.append(
        _doc(
            "dibao-mail-001",
            "关于低保申请条件的咨询",
            "来信：我家里有老人长期生病，想问问怎么申请低保？回复：您好！您可持户口簿、身份证等材料向户籍所在地乡镇人民政府提出低保申请。"
            + _filler(rng, 1),
            "石城县民政局",
            dt.date(2024, 3, 12),
            {"dibao": 2, "dibao_apply": 3, "dibao_style_short": 1},
            type_="mailbox_reply",
            kind="信箱回复",
        )
    )
    docs.append(
        _doc(
            "dibao-consult-001",
            "关于《石城县最低生活保障实施细则（征求意见稿）》公开征求意见的公告",
            "为进一步规范最低生活保障工作，县民政局起草了《石城县最低生活保障实施细则（征求意见稿）》，现向社会公开征求意见，征求意见时间为2024年4月1日至4月30日。",
            "石城县民政局",
            dt.date(2024, 4, 1),
            {"dibao": 3, "consultation": 3, "dibao_style_full": 1},
            type_="consultation",
            kind="征求意见",
        )
    )
    return docs


def _yibao(rng: random.Random) -> list[CorpusDoc]:
    """医疗保障, written in full, as 医保, or both; 医疗保障局 and 医保局."""
    specs = [
        (
            "关于做好{y}年城乡居民基本医疗保险参保缴费工作的通知",
            "{y}年度城乡居民基本医疗保险个人缴费标准为每人每年{a}元。各地医保部门要会同税务部门做好参保缴费工作。",
            {"yibao_pay": 3},
        ),
        (
            "{o}医疗保障局{y}年工作总结",
            "{y}年，县医疗保障局围绕医疗保障高质量发展，全面落实医疗保障待遇清单制度，基金运行平稳。",
            {},
        ),
        (
            "医保异地就医直接结算办事指南",
            "参保人员办理异地就医备案后，可在就医地定点医疗机构直接结算住院费用。医保电子凭证可用于备案和结算。",
            {"yibao_yidi": 3},
        ),
        (
            "关于调整医保报销比例的通知",
            "自{y}年7月1日起，参保居民在乡镇卫生院住院的医保报销比例提高到{p}%。",
            {"yibao_reimburse": 3},
        ),
        (
            "医疗保障待遇清单制度政策解读",
            "医疗保障待遇清单制度明确了基本制度、基本政策以及医疗保障基金支付的项目和标准，促进医疗保障制度规范统一。",
            {},
        ),
        (
            "{o}医保局关于开展打击欺诈骗保专项行动的通告",
            "为维护医保基金安全，县医保局决定开展打击欺诈骗取医保基金专项行动，欢迎社会各界举报。",
            {"yibao_fraud": 3},
        ),
        (
            "关于印发医疗保障基金使用监督管理办法的通知",
            "为加强医疗保障基金使用监督管理，保障基金安全，根据有关规定，制定本办法。",
            {"yibao_fraud": 2},
        ),
        (
            "城乡居民医保住院报销流程",
            "参保居民住院后出院时在定点医院直接结算，医保报销部分由医院垫付，个人只需支付自付部分。",
            {"yibao_reimburse": 3},
        ),
        (
            "关于做好医疗救助与医疗保障制度衔接的通知",
            "要做好医疗救助与基本医疗保险、大病保险的衔接，减轻困难群众医疗费用负担。",
            {},
        ),
        ("{o}{y}年医保基金收支情况公告", "{y}年全县医保基金收入{a}万元，支出{b}万元，累计结余{c}万元。", {}),
    ]
    docs: list[CorpusDoc] = []
    n = 0
    for title_t, body_t, extra in specs:
        for org in rng.sample(COUNTY_ORGS, 2):
            y = rng.choice([2022, 2023, 2024])
            values = {
                "y": y,
                "o": org,
                "a": rng.randint(350, 400),
                "b": rng.randint(3000, 9000),
                "c": rng.randint(500, 2000),
                "p": rng.choice([85, 90]),
            }
            title = title_t.format(**values)
            body = body_t.format(**values) + _filler(rng, 3)
            labels = {"yibao": 3 if ("医保" in title or "医疗保障" in title) else 2}
            labels.update(extra)
            if ("医保局" in title or "医疗保障局" in title) or ("医保局" in body or "医疗保障局" in body):
                labels["yibao_bureau"] = 3 if ("局" in title) else 2
            n += 1
            docs.append(
                _doc(
                    f"yibao-{n:03d}",
                    title,
                    body,
                    f"{org}医疗保障局",
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    labels,
                    topics=("卫生、体育",),
                )
            )
    docs.append(
        _doc(
            "yibao-mail-001",
            "咨询医保报销问题",
            "来信：在外地住院医保能报销吗？回复：您好！办理异地就医备案后，可在就医地定点医院直接结算，按规定报销。",
            "瑞金市医疗保障局",
            dt.date(2023, 9, 2),
            {"yibao": 2, "yibao_reimburse": 3, "yibao_yidi": 2},
            type_="mailbox_reply",
            kind="信箱回复",
        )
    )
    return docs


def _fupin(rng: random.Random) -> list[CorpusDoc]:
    specs = [
        (
            "{o}{y}年扶贫资金项目计划公示",
            "现将{y}年度统筹整合使用财政涉农资金扶贫项目计划予以公示，共安排项目{n}个，资金{a}万元。",
            {"fupin": 3},
        ),
        (
            "关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的实施意见",
            "要健全防止返贫动态监测和帮扶机制，巩固拓展脱贫攻坚成果，全面推进乡村振兴。",
            {"fupin": 2, "xiangcun": 3},
        ),
        (
            "{o}精准扶贫工作总结",
            "我县坚持精准扶贫、精准脱贫基本方略，做到扶持对象精准、项目安排精准、资金使用精准。",
            {"fupin": 3},
        ),
        (
            "{o}乡村振兴局{y}年工作要点",
            "{y}年全面推进乡村振兴，巩固脱贫成果，发展特色产业，建设宜居宜业和美乡村。",
            {"xiangcun": 3, "fupin": 1},
        ),
        (
            "关于做好{y}年产业扶贫工作的通知",
            "各乡镇要因地制宜发展脐橙、白莲等特色产业，带动脱贫户稳定增收，扶贫产业覆盖所有脱贫村。",
            {"fupin": 3},
        ),
        (
            "扶贫小额信贷政策解读",
            "扶贫小额信贷是支持脱贫人口发展生产的重要政策，贷款额度5万元以下、期限3年以内。",
            {"fupin": 3},
        ),
    ]
    docs: list[CorpusDoc] = []
    n = 0
    for title_t, body_t, extra in specs:
        for org in rng.sample(COUNTY_ORGS, 2):
            y = rng.choice([2019, 2020, 2021, 2023])
            values = {"y": y, "o": org, "n": rng.randint(20, 90), "a": rng.randint(2000, 9000)}
            title = title_t.format(**values)
            body = body_t.format(**values) + _filler(rng, 3)
            n += 1
            docs.append(
                _doc(
                    f"fupin-{n:03d}",
                    title,
                    body,
                    f"{org}乡村振兴局" if f"{org}乡村振兴局" in ORGS else org,
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    dict(extra),
                    topics=("农业、林业、水利",),
                )
            )
    return docs


def _shuangsuiji(rng: random.Random) -> list[CorpusDoc]:
    """双随机一公开 (some with the official 双随机、一公开), and distractors that contain its
    pieces 双 / 随机 / 一 / 公开 but not the phrase."""
    specs = [
        "{o}市场监督管理局{y}年度双随机一公开抽查计划",
        "关于公布{y}年第{q}批双随机、一公开抽查结果的公告",
        "{o}推进部门联合双随机一公开监管工作实施方案",
        "{o}{y}年双随机一公开监管工作总结",
        "关于建立双随机一公开抽查对象名录库和执法检查人员名录库的通知",
        "双随机、一公开监管工作细则政策解读",
    ]
    bodies = [
        "按照“双随机、一公开”监管要求，随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开。本年度共抽查市场主体{n}户。",
        "全面推行双随机一公开监管，实现市场监管领域全覆盖，抽查结果通过国家企业信用信息公示系统向社会公开。",
    ]
    docs: list[CorpusDoc] = []
    n = 0
    for title_t in specs:
        for org in rng.sample(COUNTY_ORGS, 2):
            y = rng.choice([2021, 2022, 2023, 2024])
            title = title_t.format(o=org, y=y, q=rng.randint(1, 3))
            body = rng.choice(bodies).format(n=rng.randint(50, 300)) + _filler(rng, 3)
            n += 1
            docs.append(
                _doc(
                    f"ssj-{n:03d}",
                    title,
                    body,
                    "石城县市场监督管理局" if org == "石城县" else org,
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    {"shuangsuiji": 3, "gov_open": 1},
                    topics=("市场监管、安全生产监管",),
                )
            )
    distractors = [
        (
            "{o}{y}年公开招聘事业单位工作人员面试公告",
            "面试采取随机抽取方式确定考生顺序，实行双向选择。面试成绩在县人民政府网站公开，一经公布不再更改。",
        ),
        ("关于随机抽取评标专家的公告", "评标专家从专家库中随机抽取，双方当事人均可到场监督，抽取结果一并公开。"),
        ("{o}{y}年度政府采购意向公开", "本单位一季度采购项目将通过随机方式确定供应商，采购结果公开，实行双人复核。"),
        (
            "关于公开遴选人民陪审员的公告",
            "人民陪审员从符合条件的人员中随机抽选，确定人选后在一周内公开，接受双重监督。",
        ),
    ]
    for title_t, body in distractors:
        for org in rng.sample(COUNTY_ORGS, 2):
            y = rng.choice([2022, 2023, 2024])
            n += 1
            docs.append(
                _doc(
                    f"ssj-noise-{n:03d}",
                    title_t.format(o=org, y=y),
                    body + _filler(rng, 2),
                    org,
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    {"gov_open": 1},
                )
            )
    return docs


def _zhonghua(rng: random.Random) -> list[CorpusDoc]:
    """中华人民共和国 in many contexts, most inside a longer dictionary word."""
    sentences = [
        (
            "根据《中华人民共和国政府信息公开条例》第{k}条规定，现对您申请公开的政府信息答复如下。",
            2,
            {"ogi_regulation": 3},
        ),
        ("依照《中华人民共和国政府信息公开条例》和国务院办公厅有关要求，编制本年度报告。", 2, {"ogi_regulation": 2}),
        ("《中华人民共和国国务院令》第{k}号公布了修订后的条例。", 2, {}),
        ("为庆祝中华人民共和国成立75周年，我县组织开展系列群众性主题活动。", 1, {}),
        ("依据《中华人民共和国行政许可法》的规定，对许可事项实行清单管理。", 1, {}),
        ("根据《中华人民共和国政府采购法实施条例》，采购人应当公开采购意向。", 1, {}),
        ("按照《中华人民共和国宪法》和有关法律规定，保障公民的知情权、参与权、表达权和监督权。", 1, {}),
        (
            "根据《中华人民共和国预算法》第十四条规定，政府预算、决算应当在批准后二十日内向社会公开。",
            1,
            {"yujuesuan": 1},
        ),
    ]
    titles = [
        ("关于{o}政府信息公开申请的答复书", {"ogi_apply": 3}),
        ("{o}{y}年政府信息公开工作年度报告", {"annual_report": 3}),
        ("关于印发{o}许可事项清单的通知", {}),
        ("{o}{y}年度政府采购意向公告", {}),
        ("{o}庆祝中华人民共和国成立75周年活动方案", {}),
        # About 预算 only: relevant to 预决算, but not the exact term.
        ("{o}{y}年部门预算公开说明", {"yujuesuan": 2, "gov_open": 2}),
        ("中华人民共和国政府信息公开条例解读", {"ogi_regulation": 3}),
    ]
    docs: list[CorpusDoc] = []
    n = 0
    for title_t, title_labels in titles:
        for org in rng.sample(COUNTY_ORGS, 2):
            y = rng.choice([2021, 2022, 2023])
            title = title_t.format(o=org, y=y)
            sentence, grade, extra = rng.choice(sentences)
            if "中华人民共和国" in title:
                grade = 3
            body = _filler(rng, 1) + sentence.format(k=rng.randint(9, 40)) + _filler(rng, 2)
            labels = {"zhonghua": grade}
            labels.update(extra)
            labels.update(title_labels)
            if "ogi_regulation" in labels and "条例" in title:
                labels["ogi_regulation"] = 3
            if "政府信息公开" in title or "政府信息公开" in body:
                labels["gov_open"] = max(labels.get("gov_open", 0), 2)
            type_ = "annual_report" if "年度报告" in title else "publication"
            if "解读" in title:
                type_ = "interpretation"
            n += 1
            docs.append(
                _doc(
                    f"zh-{n:03d}",
                    title,
                    body,
                    org,
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    labels,
                    type_=type_,
                    kind="工作报告" if type_ == "annual_report" else "通知公告",
                )
            )
    return docs


# 文号 of the documents themselves: the target of the issue (赣府厅字〔2024〕15号) and its near
# misses. (agency, year, serial, org, title, index number)
_DOC_NUMBERS = [
    (
        "赣府厅字",
        2024,
        15,
        "江西省办公厅",
        "江西省人民政府办公厅关于印发2024年江西省政务公开工作要点的通知",
        "014500712/2024-00015",
    ),
    (
        "赣府厅字",
        2024,
        16,
        "江西省办公厅",
        "江西省人民政府办公厅关于进一步优化营商环境的若干措施",
        "014500712/2024-00016",
    ),
    (
        "赣府厅字",
        2023,
        15,
        "江西省办公厅",
        "江西省人民政府办公厅关于印发2023年江西省政务公开工作要点的通知",
        "014500712/2023-00015",
    ),
    ("赣府发", 2024, 15, "江西省", "江西省人民政府关于加快推进一网通办改革的意见", "014500701/2024-00007"),
    (
        "赣市府办字",
        2024,
        35,
        "赣州市",
        "赣州市人民政府办公室关于印发贯彻落实省政府办公厅2024年政务公开工作要点任务分工的通知",
        "11360700014500301A/2024-00035",
    ),
    (
        "石府办字",
        2024,
        8,
        "石城县",
        "石城县人民政府办公室关于印发石城县政府开放日实施方案的通知",
        "11360735MB1612345X/2024-00008",
    ),
    (
        "石府办字",
        2022,
        48,
        "石城县",
        "石城县人民政府办公室关于印发石城县“政府开放日”实施方案的通知",
        "11360735MB1612345X/2022-00048",
    ),
    (
        "瑞府发",
        2023,
        3,
        "瑞金市",
        "瑞金市人民政府关于深化放管服改革优化营商环境的实施意见",
        "11360781MB1598765Y/2023-00003",
    ),
    (
        "瑞府办发",
        2024,
        12,
        "瑞金市",
        "瑞金市人民政府办公室关于推行政务服务好差评制度的通知",
        "11360781MB1598765Y/2024-00012",
    ),
]


def _doc_numbers(rng: random.Random) -> list[CorpusDoc]:
    docs: list[CorpusDoc] = []
    for n, (agency, year, serial, org, title, index_number) in enumerate(_DOC_NUMBERS, start=1):
        number = f"{agency}〔{year}〕{serial}号"
        subject = title.split("关于", 1)[-1].replace("的通知", "")
        body = f"各设区市人民政府，省政府各部门：现将{subject}印发给你们，请认真贯彻执行。" + _filler(rng, 3)
        labels = {f"docnum:{agency}:{year}:{serial}": 3, f"docnum:{year}:{serial}": 3, f"index:{index_number}": 3}
        if "政务公开" in title:
            labels["gov_open"] = 3
            labels["work_points"] = 3
        if "一网通办" in title:
            labels["yiwangtongban"] = 3
        if "放管服" in title:
            labels["fangguanfu"] = 3
        if "好差评" in title:
            labels["haochaping"] = 3
        if "开放日" in title:
            labels["open_day"] = 3
        if "营商环境" in title:
            labels["yingshang"] = 3
        docs.append(
            _doc(
                f"docnum-{n:03d}",
                title,
                body,
                org,
                dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                labels,
                kind="政策文件",
                doc_number=number,
                index_number=index_number,
            )
        )
    # Documents that cite the target 文号 in their text (in another bracket style, too).
    citations = [
        (
            "{o}关于贯彻落实2024年全省政务公开工作要点的通知",
            "根据《江西省人民政府办公厅关于印发2024年江西省政务公开工作要点的通知》（赣府厅字〔2024〕15号）精神，结合我县实际，制定本通知。",
        ),
        ("{o}2024年政务公开工作任务分工", "为落实赣府厅字[2024]15号文件要求，现将2024年政务公开重点任务分解如下。"),
    ]
    for i, (title_t, body) in enumerate(citations, start=1):
        for org in COUNTY_ORGS:
            docs.append(
                _doc(
                    f"docnum-cite-{i}-{ORGS[org].id}",
                    title_t.format(o=org),
                    body + _filler(rng, 3),
                    org,
                    dt.date(2024, rng.randint(3, 6), rng.randint(1, 28)),
                    {"docnum:赣府厅字:2024:15": 1, "docnum:2024:15": 1, "gov_open": 3, "work_points": 3},
                    kind="政策文件",
                )
            )
    return docs


def _gov_open(rng: random.Random) -> list[CorpusDoc]:
    """政务公开 itself: work points, annual reports, guides, 依申请公开, 放管服, 一网通办, 好差评,
    预决算, 政府开放日, 基层标准化规范化."""
    docs: list[CorpusDoc] = []
    n = 0

    def add(
        title: str,
        body: str,
        org: str,
        year: int,
        labels: dict[str, int],
        type_: str = "publication",
        kind: str = "通知公告",
    ) -> None:
        nonlocal n
        n += 1
        day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        docs.append(_doc(f"open-{n:03d}", title, body + _filler(rng, 2), org, day, labels, type_=type_, kind=kind))

    for org in COUNTY_ORGS:
        for year in (2019, 2020, 2021, 2022, 2023):
            add(
                f"{org}{year}年政府信息公开工作年度报告",
                f"本报告依据《条例》要求编制。{year}年，{org}主动公开政府信息{rng.randint(800, 3000)}条，"
                f"收到政府信息公开申请{rng.randint(10, 90)}件，全部按期答复。"
                f"因政府信息公开被申请行政复议{rng.randint(0, 3)}件。",
                org,
                year + 1,
                {"gov_open": 3, "annual_report": 3, "ogi_apply": 1},
                type_="annual_report",
                kind="工作报告",
            )
        add(
            f"{org}政府信息公开指南",
            "公民、法人或者其他组织可以向本机关申请获取相关政府信息。依申请公开的受理机构为县政府办公室，申请人可以通过当面、邮寄、网上等方式提交申请。",
            org,
            2023,
            {"gov_open": 3, "ogi_apply": 2, "guide": 3},
            kind="公开指南",
        )
        add(
            f"{org}依申请公开办理流程",
            "依申请公开办理流程包括：登记、审核、补正、征求第三方意见、答复。能够当场答复的当场答复，不能当场答复的自收到申请之日起20个工作日内答复。",
            org,
            2022,
            {"gov_open": 3, "ogi_apply": 3},
            kind="公开指南",
        )
        add(
            f"{org}2024年政务公开工作要点",
            "聚焦高质量发展推进信息公开，深化“放管服”改革，推进一网通办，全面推行政务服务好差评制度，做好预决算公开，常态化开展政府开放日活动。",
            org,
            2024,
            {
                "gov_open": 3,
                "work_points": 3,
                "fangguanfu": 1,
                "yiwangtongban": 1,
                "haochaping": 1,
                "yujuesuan": 1,
                "open_day": 1,
            },
            kind="政策文件",
        )
        add(
            f"{org}深化放管服改革工作方案",
            "持续深化放管服改革，减少审批事项，压缩办理时限，推动政务服务事项网上可办。",
            org,
            2022,
            {"fangguanfu": 3},
        )
        add(
            f"{org}推进政务服务一网通办工作方案",
            "依托省政务服务平台，推动高频政务服务事项一网通办，实现企业和群众办事只进一扇门、最多跑一次。",
            org,
            2023,
            {"yiwangtongban": 3},
        )
        add(
            f"{org}政务服务好差评工作情况通报",
            f"全面推行政务服务好差评制度，本季度共收到评价{rng.randint(3000, 9000)}条，"
            f"其中差评{rng.randint(1, 9)}条，差评整改率100%。",
            org,
            2023,
            {"haochaping": 3},
        )
        add(
            f"{org}2024年部门预决算公开情况",
            "按照预决算公开要求，县直各部门在批准后二十日内公开部门预算和决算，公开率100%。",
            org,
            2024,
            {"yujuesuan": 3, "gov_open": 2},
            kind="财政预决算",
        )
        add(
            f"{org}2023年政府开放日活动情况",
            "政府开放日活动邀请人大代表、政协委员和群众代表走进政府机关，实地感受行政机关工作。",
            org,
            2023,
            {"open_day": 3, "gov_open": 2},
        )
        add(
            f"{org}基层政务公开标准化规范化工作推进情况",
            "全面推进基层政务公开标准化规范化，编制26个试点领域基层政务公开标准目录，实现县乡两级全覆盖。",
            org,
            2021,
            {"gov_open": 3, "standardization": 3},
        )
    add(
        "关于征求《石城县政务公开工作规范（征求意见稿）》意见的公告",
        "为规范全县政务公开工作，现公开征求社会各界意见，意见可通过信函、电子邮件等方式反馈。",
        "石城县",
        2023,
        {"gov_open": 3, "consultation": 3},
        type_="consultation",
        kind="征求意见",
    )
    add(
        "关于2023年部门预算公开意见建议的反馈",
        "征求意见期间共收到意见建议12条，采纳7条，部分采纳3条，未采纳2条，现将采纳情况反馈如下。",
        "石城县",
        2023,
        {"yujuesuan": 2, "consultation": 2},
        type_="feedback",
        kind="意见反馈",
    )
    return docs


def _noise(rng: random.Random) -> list[CorpusDoc]:
    """Unrelated government notices, so every query has something to not find."""
    specs = [
        "关于{y}年中考招生工作的通知",
        "{o}{y}年春运交通安全工作方案",
        "关于发布暴雨橙色预警的通知",
        "{o}{y}年安全生产大检查工作方案",
        "关于做好{y}年森林防火工作的通知",
        "{o}城区道路施工交通管制公告",
        "关于开展{y}年全民健身运动会的通知",
        "{o}{y}年秋季学期义务教育招生公告",
        "关于做好冬季供暖保障工作的通知",
        "{o}{y}年脐橙产业发展情况",
    ]
    bodies = [
        "各有关单位要高度重视，周密部署，确保活动安全有序开展。",
        "请广大市民合理安排出行，注意安全，服从现场工作人员指挥。",
        "报名时间为6月1日至6月10日，报名方式为网上报名。",
        "要压实属地责任，加强值班值守，发现问题及时处置。",
    ]
    docs: list[CorpusDoc] = []
    for i, title_t in enumerate(specs, start=1):
        for org in COUNTY_ORGS:
            y = rng.choice([2021, 2022, 2023, 2024])
            docs.append(
                _doc(
                    f"noise-{i:02d}-{ORGS[org].id}",
                    title_t.format(o=org, y=y),
                    rng.choice(bodies) + _filler(rng, 3),
                    org,
                    dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    {},
                )
            )
    return docs


# The seed pages as they were crawled, spam tails included (000 and 001 are traditional).
_SEEDS = [
    (
        "000",
        "關于對2018年全縣政務公開工作重點任務分工方案征求意見的通知",
        "柳河县",
        dt.date(2018, 6, 1),
        "consultation",
        {
            "gov_open": 3,
            "consultation": 3,
            "work_points": 2,
            "fangguanfu": 1,
            "yujuesuan": 1,
            "zhonghua": 1,
            "yibao": 1,
            "ogi_apply": 1,
            "xiangcun": 1,
        },
    ),
    (
        "001",
        "2020年度全市基層政務公開標準化規范化工作通報",
        "平顶山市",
        dt.date(2021, 1, 29),
        "publication",
        {"gov_open": 3, "standardization": 3, "fangguanfu": 1, "dibao": 1, "open_day": 1, "haochaping": 1, "yibao": 1},
    ),
    (
        "002",
        "关于印发石城县2024年政务公开工作要点的通知",
        "石城县",
        dt.date(2024, 5, 26),
        "publication",
        {
            "gov_open": 3,
            "work_points": 3,
            "shuangsuiji": 1,
            "open_day": 2,
            "docnum:赣府厅字:2024:15": 1,
            "docnum:2024:15": 1,
            "yibao": 1,
            "xiangcun": 1,
        },
    ),
    (
        "003",
        "南芬区2017年度政府信息公开工作报告",
        "南芬区",
        dt.date(2018, 3, 9),
        "annual_report",
        {
            "gov_open": 3,
            "annual_report": 3,
            "annual_report_2017": 3,
            "zhonghua": 1,
            "ogi_regulation": 1,
            "ogi_apply": 1,
        },
    ),
    (
        "004",
        "四川省人民政府信息公开办公室关于面向社会公开征求《关于全面推进政务公开工作的实施意见(征求意见稿)》意见的公告",
        "四川省",
        dt.date(2016, 8, 25),
        "consultation",
        {
            "gov_open": 3,
            "consultation": 3,
            "zhonghua": 1,
            "ogi_regulation": 1,
            "yujuesuan": 1,
            "open_day": 1,
            "fupin": 1,
            "ogi_apply": 1,
        },
    ),
]


def _seeds() -> list[CorpusDoc]:
    docs = []
    for prefix, title, org, day, type_, labels in _SEEDS:
        path = next(SEED_DIR.glob(f"{prefix}_*.txt"))
        docs.append(
            _doc(f"seed-{prefix}", title, path.read_text(encoding="utf-8"), org, day, dict(labels), type_=type_)
        )
    return docs


@cache
def build_corpus() -> tuple[CorpusDoc, ...]:
    """The whole corpus, identical on every run (fixed random seed)."""
    rng = random.Random(RANDOM_SEED)
    docs: list[CorpusDoc] = _seeds()
    for family in (_dibao, _yibao, _fupin, _shuangsuiji, _zhonghua, _doc_numbers, _gov_open, _noise):
        docs.extend(family(rng))
    # Traditional-character copies of a sample of generated documents.
    # Not the 文号 family: a 文号 identifies one document.
    generated = [item for item in docs if item.doc.id.split("-", 1)[0] not in ("seed", "noise", "docnum")]
    for item in rng.sample(generated, 24):
        docs.append(_traditional(item, f"{item.doc.id}-hant"))
    ids = [item.doc.id for item in docs]
    assert len(ids) == len(set(ids)), "duplicate corpus ids"
    return tuple(docs)
