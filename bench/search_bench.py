"""Speed of full-text search: segmentation, end-to-end indexing, query latency.

    uv run python bench/search_bench.py --docs 200000
    uv run python bench/search_bench.py --docs 20000 --index-dir /tmp/idx
    uv run python bench/search_bench.py --queries-only --index-dir /tmp/idx  # re-time queries only

Generates a reproducible (seeded) corpus of government-style documents (titles, bodies of
about 2-8 KB of UTF-8 built from 政务 phrases, 文号, orgs, dates, kinds, with a share of
traditional-character documents), then measures:

1. segmentation alone: rjieba.cut_for_search over title + body, the plain library call;
2. end-to-end indexing: SearchIndex.add + commit (normalisation, segmentation, sub-words,
   tantivy), in documents and MB per second;
3. latency of a fixed set of realistic queries, without and with filters, through
   SearchIndex.search (page of 20 with snippets) and as the bare tantivy query on the same
   index (the same query object executed directly, with the 20 stored documents fetched;
   for the quoted phrase, the candidates fetched and checked as SearchIndex does), so that
   our overhead is a ratio.

Figures and the command go into docs/search.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import opencc
import rjieba
import tantivy

from gongkai.search.engine import PHRASE_CANDIDATE_LIMIT, SearchDocument, SearchFilters, SearchIndex, Sort
from gongkai.search.query import default_synonyms, parse_query

SEED = 20240601

# -- corpus -----------------------------------------------------------------------------------------

PROVINCES = ["江西省", "四川省", "河南省", "吉林省", "辽宁省", "浙江省", "湖南省", "广东省"]
CITIES = ["赣州市", "吉安市", "成都市", "绵阳市", "平顶山市", "通化市", "本溪市", "温州市", "衡阳市", "韶关市"]
COUNTIES = [
    "石城县",
    "瑞金市",
    "于都县",
    "宁都县",
    "兴国县",
    "会昌县",
    "寻乌县",
    "安远县",
    "柳河县",
    "南芬区",
    "郏县",
    "鲁山县",
    "舞钢市",
    "汝州市",
    "龙泉驿区",
    "三台县",
    "平阳县",
    "耒阳市",
    "乐昌市",
    "新丰县",
]
DEPARTMENTS = [
    "人民政府办公室",
    "民政局",
    "医疗保障局",
    "财政局",
    "教育局",
    "卫生健康委员会",
    "市场监督管理局",
    "自然资源局",
    "住房和城乡建设局",
    "农业农村局",
    "乡村振兴局",
    "人力资源和社会保障局",
    "司法局",
    "生态环境局",
    "应急管理局",
    "交通运输局",
    "审计局",
    "统计局",
    "行政审批局",
    "退役军人事务局",
]
AGENCY_CODES = [
    "赣府厅字",
    "赣府发",
    "赣市府办字",
    "石府办字",
    "瑞府发",
    "国办发",
    "川办发",
    "吉办发",
    "豫政办",
    "浙政发",
    "湘政办发",
    "粤府办",
    "辽政办发",
    "通办发",
    "平政办",
]
KINDS = ["政策文件", "通知公告", "规划计划", "财政预决算", "工作报告", "政策解读", "人事信息", "统计数据"]
TOPICS = [
    "民政、扶贫、救灾",
    "卫生、体育",
    "财政、金融、审计",
    "城乡建设、环境保护",
    "农业、林业、水利",
    "劳动、人事、监察",
    "市场监管、安全生产监管",
    "综合政务",
    "教育",
    "交通",
]
TYPES = ["publication"] * 14 + ["interpretation"] * 2 + ["consultation", "feedback", "mailbox_reply", "annual_report"]
VALIDITY = ["有效"] * 8 + ["失效", "废止", "已修订"]

# Subjects with their own vocabulary: a document is about one subject and mostly uses its words,
# so that, as in a real portal, a specific term (低保) is in a few percent of the documents and
# only general words (工作, 公开) are in most of them.
SUBJECTS: dict[str, list[str]] = {
    "城乡居民最低生活保障": ["最低生活保障", "低保对象", "低保金", "城乡低保标准", "家庭经济状况核对", "低保边缘家庭"],
    "特困人员救助供养": ["特困人员", "救助供养", "分散供养", "集中供养", "供养标准"],
    "临时救助": ["临时救助", "急难型救助", "支出型困难家庭", "救助金"],
    "残疾人两项补贴": ["困难残疾人生活补贴", "重度残疾人护理补贴", "残疾人两项补贴", "残疾人证"],
    "高龄津贴发放": ["高龄津贴", "八十周岁以上老年人", "养老服务", "居家养老"],
    "城乡居民基本医疗保险": ["基本医疗保险", "参保缴费", "医保报销比例", "医保基金", "医疗保障局"],
    "医保基金监管": ["欺诈骗保", "医保基金", "定点医药机构", "飞行检查", "医疗保障"],
    "异地就医直接结算": ["异地就医", "备案", "直接结算", "医保电子凭证", "参保人员"],
    "巩固拓展脱贫攻坚成果": ["脱贫攻坚", "防止返贫", "动态监测", "脱贫人口", "帮扶机制"],
    "乡村振兴": ["乡村振兴", "和美乡村", "特色产业", "驻村工作队", "村集体经济"],
    "产业扶贫": ["扶贫", "产业扶贫", "扶贫资金", "扶贫小额信贷", "带贫益贫"],
    "双随机一公开监管": ["双随机一公开", "随机抽查", "抽查结果", "执法检查人员名录库", "市场主体"],
    "政务服务一网通办": ["一网通办", "政务服务事项", "网上可办", "一窗受理", "赣服通"],
    "政务服务好差评": ["好差评", "差评整改", "办事群众评价", "政务服务效能"],
    "深化放管服改革": ["放管服", "简政放权", "审批事项", "证明事项告知承诺制", "放管结合"],
    "优化营商环境": ["营商环境", "市场主体", "涉企收费", "惠企政策", "企业开办"],
    "政府信息公开": ["政府信息公开", "主动公开", "依申请公开", "政府信息公开申请", "不予公开"],
    "政务公开标准化规范化": ["政务公开", "基层政务公开", "标准目录", "标准化规范化", "公开事项"],
    "政府信息公开年度报告": ["政府信息公开工作年度报告", "行政复议", "行政诉讼", "主动公开", "依申请公开"],
    "部门预决算公开": ["部门预算", "部门决算", "预决算公开", "三公经费", "财政拨款"],
    "政府开放日": ["政府开放日", "群众代表", "走进政府机关", "开放活动"],
    "政策解读": ["政策解读", "图解", "回应关切", "解读材料", "新闻发布会"],
    "安全生产大检查": ["安全生产", "隐患排查", "重大事故隐患", "安全生产大检查", "企业主体责任"],
    "森林防火": ["森林防火", "野外用火", "森林火险等级", "扑火队伍", "护林员"],
    "防汛抗旱": ["防汛", "汛期", "山洪灾害", "转移避险", "水库安全度汛"],
    "义务教育招生": ["义务教育", "招生入学", "学区划分", "随迁子女", "入学报名"],
    "学前教育": ["学前教育", "普惠性幼儿园", "保教费", "入园"],
    "住房公积金": ["住房公积金", "公积金贷款", "缴存基数", "提取"],
    "老旧小区改造": ["老旧小区改造", "加装电梯", "管网改造", "居民意愿"],
    "公共租赁住房": ["公共租赁住房", "公租房", "保障性住房", "租赁补贴"],
    "河长制": ["河长制", "河湖长", "巡河", "水环境治理"],
    "生态环境保护": ["生态环境", "环境影响评价", "大气污染防治", "排污许可", "中央环保督察"],
    "食品安全": ["食品安全", "抽检", "校园食品", "餐饮服务", "食品经营许可"],
    "就业创业补贴": ["就业创业", "创业担保贷款", "职业技能培训", "稳岗返还", "高校毕业生"],
    "减税降费": ["减税降费", "增值税留抵退税", "小微企业", "税费优惠"],
    "政府采购": ["政府采购", "采购意向", "中标结果", "采购代理机构", "公开招标"],
    "重大行政决策": ["重大行政决策", "公众参与", "专家论证", "风险评估", "合法性审查"],
    "行政执法公示": ["行政执法", "执法公示", "执法全过程记录", "法制审核", "行政处罚"],
    "权责清单": ["权责清单", "权力清单", "责任清单", "行政职权"],
    "12345热线": ["12345热线", "诉求办理", "工单", "接诉即办"],
    "政务新媒体管理": ["政务新媒体", "政府网站", "网站普查", "信息内容审核"],
    "农村人居环境整治": ["人居环境", "农村厕所革命", "生活垃圾", "村庄清洁行动"],
    "高标准农田建设": ["高标准农田", "耕地保护", "粮食生产", "农田水利"],
    "退役军人服务保障": ["退役军人", "优抚对象", "抚恤补助", "退役军人服务站"],
    "征求意见": ["征求意见稿", "公开征求意见", "意见建议", "采纳情况"],
}
TITLE_FORMS = [
    "关于{s}工作的通知",
    "关于印发{o}{s}实施方案的通知",
    "{o}{y}年{s}工作要点",
    "{o}关于{k}的实施意见",
    "关于做好{y}年{s}工作的通知",
    "{o}{y}年{s}工作总结",
    "关于{k}有关情况的公示",
    "{s}政策解读",
    "关于{k}问题的答复",
    "{o}{y}年{s}情况通报",
    "关于公开征求《{o}{s}办法（征求意见稿）》意见的公告",
    "{o}{k}办事指南",
    "关于进一步加强{k}管理的通知",
    "{o}{y}年第{q}季度{k}情况公示",
]
# Subject sentences: {k} and {k2} are words of the document's subject.
SUBJECT_SENTENCES = [
    "为进一步做好{s}工作，切实提升{k}工作质效，结合我{u}实际，制定本方案。",
    "{y}年，全{u}共办理{k}相关事项{n}件，群众满意率达到{p}%。",
    "要坚持问题导向，聚焦{k}中的突出问题，建立{k2}工作台账，实行销号管理。",
    "截至{y}年{m}月底，{k}累计惠及群众{q}人次，涉及资金{n}万元。",
    "各乡（镇）人民政府要明确{k}工作分管领导和具体经办人员，做好{k2}的日常管理。",
    "{o}{d}负责{s}的组织实施和监督检查，各相关部门按照职责分工做好{k2}工作。",
    "对{k}工作中发现的问题，实行清单化管理，明确整改时限，整改完成率达到{p}%。",
    "严格落实{k}有关规定，规范{k2}办理流程，做到程序规范、标准统一、结果公开。",
    "申请{k}的，应当提交身份证明、申请书以及{k2}相关材料，经审核符合条件的予以办理。",
    "本{u}{k}标准调整为每人每月{n}元，{k2}同步提高，所需资金由各级财政按比例分担。",
    "进一步完善{k}工作机制，加强部门协同和信息共享，推动{k2}工作常态化、规范化。",
    "及时在政府门户网站公开{k}政策文件和办理结果，主动接受社会监督。",
    "{o}召开{s}工作推进会，通报{k}进展情况，部署下一阶段{k2}重点任务。",
    "将{k}纳入年度绩效考核，对工作推进不力的单位予以通报批评。",
]
GENERAL_SENTENCES = [
    "各有关单位要提高思想认识，加强组织领导，明确责任分工，确保各项任务落到实处。",
    "请各乡（镇）人民政府、{u}直各有关单位结合实际，认真贯彻执行。",
    "工作中遇到的问题，请及时向{u}政府办公室反馈。",
    "本通知自印发之日起施行，有效期{m}年，此前有关规定与本通知不一致的，以本通知为准。",
    "各地要加强宣传引导，及时回应群众关切，营造良好社会氛围。",
    "联系人：{o}{d}办公室，联系电话：0797-{n}{p}，电子邮箱：gk{n}@{u2}.gov.cn。",
    "根据《中华人民共和国政府信息公开条例》和《{a}》（{w}）精神，现就有关事项通知如下。",
    "坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，不断增强人民群众获得感、幸福感、安全感。",
    "要加强统筹协调，强化督查考核，对敷衍塞责、推诿扯皮的，依规依纪严肃追究责任。",
    "附件：1.{o}{s}工作任务分工表；2.{s}工作联系人名单。",
    "{o}办公室{y}年{m}月{q}日印发。",
    "此件主动公开。",
    "按照{u}委、{u}政府统一部署，结合{y}年重点工作安排，现将有关情况报告如下。",
    "下一步，我们将深入贯彻落实上级决策部署，持续深化改革创新，推动各项工作再上新台阶。",
]


def _doc_number(rng: random.Random, year: int) -> str:
    return f"{rng.choice(AGENCY_CODES)}〔{year}〕{rng.randint(1, 120)}号"


Org = tuple[int, str, tuple[int, ...]]


def build_orgs(rng: random.Random) -> list[Org]:
    """A province > city > county > department tree: (id, name, ids of itself and ancestors)."""
    orgs: list[Org] = []
    next_id = 1
    for province in PROVINCES:
        province_id = next_id
        next_id += 1
        orgs.append((province_id, province + "人民政府", (province_id,)))
        for city in rng.sample(CITIES, 3):
            city_id = next_id
            next_id += 1
            orgs.append((city_id, city + "人民政府", (province_id, city_id)))
            for county in rng.sample(COUNTIES, 4):
                county_id = next_id
                next_id += 1
                orgs.append((county_id, county + "人民政府", (province_id, city_id, county_id)))
                for department in rng.sample(DEPARTMENTS, 6):
                    orgs.append((next_id, county + department, (province_id, city_id, county_id, next_id)))
                    next_id += 1
    return orgs


def generate_corpus(n: int, seed: int = SEED) -> list[SearchDocument]:
    """n government-style documents, identical for the same n and seed."""
    return list(iter_corpus(n, seed))


def iter_corpus(n: int, seed: int = SEED) -> Iterator[SearchDocument]:
    """The documents of generate_corpus one at a time: a million of them as a list would hold
    about 5 GB of text in memory."""
    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    subjects = list(SUBJECTS)
    orgs = build_orgs(rng)
    for i in range(n):
        org_id, org_name, path = rng.choice(orgs)
        year = rng.randint(2015, 2024)
        subject = rng.choice(subjects)
        words = SUBJECTS[subject]
        place = {"o": org_name, "u": "县" if "县" in org_name else "市", "u2": f"org{org_id}", "y": year}

        def fill(template: str, subject: str = subject, words: list[str] = words, place: dict = place) -> str:
            year = place["y"]
            return template.format(
                s=subject,
                k=rng.choice(words),
                k2=rng.choice(words),
                a=rng.choice(TITLE_FORMS).format(
                    s=rng.choice(subjects), k=rng.choice(words), o=rng.choice(orgs)[1], y=year - 1, q=1
                ),
                w=_doc_number(rng, year - rng.randint(0, 3)),
                d=rng.choice(DEPARTMENTS),
                m=rng.randint(1, 12),
                n=rng.randint(10, 9999),
                q=rng.randint(1, 4) if "季度" in template else rng.randint(100, 99999),
                p=rng.randint(60, 100),
                **place,
            )

        title = fill(rng.choice(TITLE_FORMS))
        target_chars = rng.randint(700, 2700)  # about 2-8 KB of UTF-8
        parts: list[str] = []
        size = 0
        while size < target_chars:
            roll = rng.random()
            if roll < 0.55:
                sentence = fill(rng.choice(SUBJECT_SENTENCES))
            elif roll < 0.59:  # a passing mention of another subject
                other = rng.choice(subjects)
                sentence = fill(rng.choice(SUBJECT_SENTENCES), other, SUBJECTS[other])
            else:
                sentence = fill(rng.choice(GENERAL_SENTENCES))
            if rng.random() < 0.15:
                sentence += "\n"
            parts.append(sentence)
            size += len(sentence)
        body = "".join(parts)
        if rng.random() < 0.05:  # traditional-character pages, as crawled from some portals
            title, body = s2t.convert(title), s2t.convert(body)
        yield (
            SearchDocument(
                id=f"publication:{i}",
                type=rng.choice(TYPES),
                title=title,
                body=body,
                url=f"/gk/{org_id}/{i}.html",
                org_id=org_id,
                org_path=path,
                kind=rng.choice(KINDS),
                catalog_nodes=(rng.randint(1, 26),),
                topics=(rng.choice(TOPICS),),
                date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                validity=rng.choice(VALIDITY),
                doc_number=_doc_number(rng, year) if rng.random() < 0.4 else "",
                index_number=f"11360735MB{org_id:07d}X/{year}-{i:05d}",
                version="1",
            )
        )


# -- queries ------------------------------------------------------------------------------------------

QUERIES = [
    "低保",
    "最低生活保障",
    "低保标准",
    "医保",
    "医疗保障",
    "医保报销比例",
    "异地就医",
    "扶贫",
    "扶貧",
    "脱贫攻坚",
    "乡村振兴",
    "双随机一公开",
    "雙隨機一公開",
    "中华人民共和国",
    "政府信息公开条例",
    "政务公开",
    "政務公開",
    "公开",
    "依申请公开",
    "政府信息公开工作年度报告",
    "放管服",
    "一网通办",
    "好差评",
    "预决算公开",
    "政府开放日",
    "营商环境",
    "赣府厅字〔2024〕15号",
    "赣府厅字[2024]15号",
    "2024 15号",
    "住房公积金",
    "老旧小区改造",
    "如何申请低保",
    "医保 怎么报销",
    '"政务公开工作要点"',
    "安全生产大检查",
    "森林防火",
    "12345热线",
    "石城县民政局",
    "残疾人两项补贴",
    "高标准农田建设",
]


def _filters_for(i: int, orgs: list[Org]) -> SearchFilters:
    """A realistic filter per query: an org subtree, a type and year range, or kind and validity."""
    choice = i % 4
    if choice == 0:
        return SearchFilters(org_id=orgs[i * 7 % len(orgs)][2][0])  # a province's whole tree
    if choice == 1:
        return SearchFilters(types=("publication",), year_from=2020, year_to=2024)
    if choice == 2:
        counties = [org for org in orgs if len(org[2]) == 3]
        return SearchFilters(org_id=counties[i % len(counties)][0])  # a county and its departments
    return SearchFilters(kinds=("政策文件", "通知公告"), validity=("有效",))


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return q[49], q[94], q[98]


def _time_interleaved(fns: list[Callable[[], object]], repeat: int) -> list[list[float]]:
    """Milliseconds per run of each function, runs interleaved (a, b, c, a, b, c ...) so that a
    burst of load from a neighbour on this shared machine hits all of them alike."""
    out: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for samples, fn in zip(out, fns, strict=True):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    return out


def measure_latency(index: SearchIndex, orgs: list[Org], repeat: int) -> None:
    synonyms = default_synonyms()
    tantivy_index = index._index  # the bare runs use the very same tantivy index object
    for with_filters in (False, True):
        ours: list[float] = []
        bare: list[float] = []
        bare_nofetch: list[float] = []
        per_query = []
        for i, text in enumerate(QUERIES):
            filters = _filters_for(i, orgs) if with_filters else None
            # The bare query: exactly what SearchIndex.search executes, built once outside the clock.
            parsed = parse_query(text, synonyms=synonyms)
            clauses = index._filter_clauses(filters or SearchFilters(), tantivy_index.searcher())
            main = index._main_query(parsed, clauses, exclude_ids=())

            def run_ours(text: str = text, filters: SearchFilters | None = filters) -> object:
                return index.search(text, filters=filters, synonyms=synonyms, page_size=20, sort=Sort.RELEVANCE)

            phrases = [phrase.replace(" ", "").encode() for phrase in parsed.phrases]

            def run_bare(main: tantivy.Query = main, phrases: list[bytes] = phrases) -> object:
                searcher = tantivy_index.searcher()
                if not phrases:
                    result = searcher.search(main, limit=20, count=True)
                    return [searcher.doc(address) for _score, address in result.hits]
                # A quoted phrase is the same tantivy work as ours: fetch the candidates' stored
                # text and keep those containing the phrase (see SearchIndex._phrase_search).
                result = searcher.search(main, limit=PHRASE_CANDIDATE_LIMIT, count=True)
                kept = []
                for _score, address in result.hits:
                    doc = searcher.doc(address)
                    body = bytes(doc.get_first("body") or b"").replace(b" ", b"")
                    if all(phrase in body for phrase in phrases):
                        kept.append(doc)
                return kept[:20]

            def run_bare_nofetch(main: tantivy.Query = main) -> object:
                return tantivy_index.searcher().search(main, limit=20, count=True)

            run_ours()
            run_bare()
            a, b, c = _time_interleaved([run_ours, run_bare, run_bare_nofetch], repeat)
            ours += a
            bare += b
            bare_nofetch += c
            total = index.search(text, filters=filters, synonyms=synonyms).total
            per_query.append((text, statistics.median(a), statistics.median(b), total))
        label = "with filters" if with_filters else "no filters"
        o, b_, c_ = _percentiles(ours), _percentiles(bare), _percentiles(bare_nofetch)
        print(f"\nlatency, {label}, {len(QUERIES)} queries x {repeat} runs (ms):")
        print(f"  SearchIndex.search        p50 {o[0]:7.2f}  p95 {o[1]:7.2f}  p99 {o[2]:7.2f}")
        print(f"  bare tantivy + 20 docs    p50 {b_[0]:7.2f}  p95 {b_[1]:7.2f}  p99 {b_[2]:7.2f}")
        print(f"  bare tantivy, no fetch    p50 {c_[0]:7.2f}  p95 {c_[1]:7.2f}  p99 {c_[2]:7.2f}")
        print(f"  ratio ours/bare (p50, p95): {o[0] / b_[0]:.2f}x, {o[1] / b_[1]:.2f}x")
        if os.environ.get("BENCH_VERBOSE"):
            for text, mo, mb, total in per_query:
                print(f"    {mo:7.2f} {mb:7.2f} {total:7d}  {text}")


def _cpu_seconds() -> float:
    """CPU time of this process (all its threads, tantivy's included)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _workers_cpu_seconds() -> float:
    """CPU time of worker processes that have ended (the index keeps its pool until close())."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    parser.add_argument("--index-dir", type=Path, help="keep the index here (default: a temporary directory)")
    parser.add_argument(
        "--queries-only", action="store_true", help="only time queries, on the index already in --index-dir"
    )
    parser.add_argument("--processes", type=int, default=1, help="worker processes for indexing (SearchIndex.add)")
    parser.add_argument(
        "--heap-mb", type=int, default=128, help="tantivy writer heap in MB (fewer, larger segments: fewer merges)"
    )
    args = parser.parse_args()

    version = getattr(tantivy, "__version__", "tantivy")
    print(f"machine: {os.cpu_count()} CPUs, python {sys.version.split()[0]}, {version}")
    directory = args.index_dir or Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    if not args.queries_only:
        started = time.perf_counter()
        docs = generate_corpus(args.docs)
        total_bytes = sum(len(doc.title.encode()) + len(doc.body.encode()) for doc in docs)
        mb = total_bytes / 1e6
        print(
            f"corpus: {len(docs):,} documents, {mb:,.1f} MB of text (title + body, UTF-8), "
            f"{total_bytes / len(docs) / 1000:.1f} KB average; generated in {time.perf_counter() - started:.1f} s"
        )
        index = SearchIndex(directory, writer_heap_bytes=args.heap_mb * 1_000_000)
        index.delete_all()
        index.commit()
        gc.collect()
        # Segmentation and indexing alternate chunk by chunk, so that a neighbour's load on
        # this shared machine weighs on both measurements alike.
        seg_seconds = index_seconds = seg_cpu = index_cpu = 0.0
        workers_at_start = _workers_cpu_seconds()
        # With worker processes, larger chunks: each add() call starts its own pool.
        chunk = 5_000 if args.processes <= 1 else 50_000
        for start in range(0, len(docs), chunk):
            part = docs[start : start + chunk]
            began, cpu = time.perf_counter(), _cpu_seconds()
            for doc in part:
                rjieba.cut_for_search(doc.title + "\n" + doc.body)
            seg_seconds += time.perf_counter() - began
            seg_cpu += _cpu_seconds() - cpu
            began, cpu = time.perf_counter(), _cpu_seconds()
            index.add(part, replace=False, processes=args.processes)
            index_seconds += time.perf_counter() - began
            index_cpu += _cpu_seconds() - cpu
            print(f"\r  {start + len(part):,}/{len(docs):,} documents", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        began, cpu = time.perf_counter(), _cpu_seconds()
        index.commit()
        index_seconds += time.perf_counter() - began
        index_cpu += _cpu_seconds() - cpu
        # The segmentation runs start no process: every ended child's CPU time is the workers'.
        index.stop_workers()
        index_cpu += _workers_cpu_seconds() - workers_at_start
        print(
            f"segmentation alone (rjieba.cut_for_search): {mb / seg_seconds:.1f} MB/s, "
            f"{len(docs) / seg_seconds:,.0f} docs/s, {seg_seconds:.1f} s, {seg_cpu:.1f} CPU s"
        )
        print(
            f"end-to-end indexing (SearchIndex.add, processes={args.processes}, + commit): "
            f"{mb / index_seconds:.1f} MB/s, "
            f"{len(docs) / index_seconds:,.0f} docs/s, {index_seconds:.1f} s "
            f"({seg_seconds / index_seconds:.2f} of segmentation speed); {index_cpu:.1f} CPU s, all threads "
            f"and workers ({seg_cpu / index_cpu:.2f} of segmentation's MB per CPU second)"
        )
        began = time.perf_counter()
        index.close(wait_merges=True)
        print(f"background merges finished {time.perf_counter() - began:.1f} s later")
        size = sum(f.stat().st_size for f in index.path.iterdir() if f.is_file())
        print(f"index size: {size / 1e6:,.0f} MB in {index.path}; peak RSS {_rss_mb():,.0f} MB")
        del docs
        # Queries run in a fresh process, as in a web worker: in this one, after loading a
        # gigabyte of text, the same searches measured about 2.5 times slower at p50.
        worker = multiprocessing.get_context("spawn").Process(target=run_queries, args=(directory, args.repeat))
        worker.start()
        worker.join()
        return
    run_queries(directory, args.repeat)


def run_queries(directory: Path, repeat: int) -> None:
    index = SearchIndex(directory)
    print(f"searching {index.num_docs:,} documents", flush=True)
    measure_latency(index, build_orgs(random.Random(SEED)), repeat)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
