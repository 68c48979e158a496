"""The judged query set: what each query is looking for, turned into graded judgments.

Each query names the concepts it asks for and the highest grade a document can get through
each concept; a document's grade is the best over those concepts of min(label, cap). The
labels are the corpus's ground truth (corpus.py), so judgments.json follows from what the
documents are about, not from what the engine returns. Two concepts are read from the text
itself: "text:<s>" grades a document 3 when its title contains <s> and 1 when only its body
does (the issue asks that 中华人民共和国 find *every* document containing it), and a quoted
query only counts documents that contain the quoted phrase (that is what quotes mean).
Filtered queries only judge the documents that pass the filter.

Regenerate judgments.json after changing the corpus or this list:
    uv run python -m gongkai.search.tests.relevance.judge
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gongkai.search.engine import SearchDocument
from gongkai.search.evaluation import JudgedQuery, filters_from_json
from gongkai.search.tests.relevance.corpus import RANDOM_SEED, CorpusDoc, build_corpus
from gongkai.search.text import normalize

JUDGMENTS_PATH = Path(__file__).with_name("judgments.json")
RECORDED_PATH = Path(__file__).with_name("recorded.json")

# (id, query, {concept: cap}, filters or None, what it tests)
QUERY_SPECS: list[tuple[str, str, dict[str, int], dict[str, Any] | None, str]] = [
    ("q01", "低保", {"dibao": 3}, None, "2-char word; synonym finds 最低生活保障-only documents"),
    ("q02", "最低生活保障", {"dibao": 3}, None, "synonym finds 低保-only documents"),
    ("q03", "低保标准", {"dibao_standard": 3}, None, "word + synonym"),
    ("q04", "最低生活保障标准", {"dibao_standard": 3}, None, "long term + word"),
    ("q05", "如何申请低保", {"dibao_apply": 3}, None, "question with stopwords"),
    ("q06", "醫保", {"yibao": 3}, None, "traditional query, synonym 医疗保障"),
    ("q07", "医疗保障", {"yibao": 3}, None, "synonym finds 医保-only documents"),
    ("q08", "医保报销", {"yibao_reimburse": 3}, None, "word + word"),
    ("q09", "医疗保障局", {"yibao_bureau": 3}, None, "synonym 医保局; segmentation 医疗/保障局"),
    ("q10", "异地就医", {"yibao_yidi": 3}, None, "domain term"),
    ("q11", "扶贫", {"fupin": 3}, None, "2-char word"),
    ("q12", "扶貧", {"fupin": 3}, None, "traditional 2-char word"),
    ("q13", "乡村振兴", {"xiangcun": 3}, None, "domain term"),
    ("q14", "双随机一公开", {"shuangsuiji": 3}, None, "blind spot: jieba splits it"),
    ("q15", '"双随机一公开"', {"shuangsuiji": 3}, None, "quoted phrase"),
    ("q16", "雙隨機一公開", {"shuangsuiji": 3}, None, "traditional blind spot"),
    ("q17", "双随机、一公开", {"shuangsuiji": 3}, None, "official spelling with 、"),
    ("q18", "中华人民共和国", {"zhonghua": 3, "text:中华人民共和国": 3}, None, "blind spot: inside 中华人民共和国政府"),
    ("q19", "中華人民共和國", {"zhonghua": 3, "text:中华人民共和国": 3}, None, "traditional blind spot"),
    ("q20", "政府信息公开条例", {"ogi_regulation": 3}, None, "domain term"),
    ("q21", "中华人民共和国政府信息公开条例", {"ogi_regulation": 3}, None, "full statute name"),
    ("q22", "赣府厅字〔2024〕15号", {"docnum:赣府厅字:2024:15": 3}, None, "文号, 六角括号"),
    ("q23", "赣府厅字[2024]15号", {"docnum:赣府厅字:2024:15": 3}, None, "文号, square brackets"),
    ("q24", "赣府厅字（2024）15号", {"docnum:赣府厅字:2024:15": 3}, None, "文号, full-width parentheses"),
    ("q25", "2024 15号", {"docnum:2024:15": 3}, None, "文号 parts only"),
    ("q26", "014500712/2024-00015", {"index:014500712/2024-00015": 3}, None, "索引号 whole"),
    ("q27", "2024-00015", {"index:014500712/2024-00015": 3}, None, "索引号 part"),
    ("q28", "石府办字〔2022〕48号", {"docnum:石府办字:2022:48": 3}, None, "文号 of a county"),
    ("q29", "政务公开", {"gov_open": 3}, None, "domain term, broad"),
    ("q30", "政務公開", {"gov_open": 3}, None, "traditional, broad"),
    ("q31", "公开", {"gov_open": 3, "shuangsuiji": 1}, None, "2-char word inside longer words"),
    ("q32", "依申请公开", {"ogi_apply": 3}, None, "domain term"),
    ("q33", "政府信息公开工作年度报告", {"annual_report": 3}, None, "long domain term"),
    ("q34", "2017年度政府信息公开工作报告", {"annual_report_2017": 3}, None, "seed title"),
    ("q35", "放管服", {"fangguanfu": 3}, None, "domain term jieba splits"),
    ("q36", "一网通办", {"yiwangtongban": 3}, None, "domain term jieba splits"),
    ("q37", "好差评", {"haochaping": 3}, None, "domain term jieba splits"),
    ("q38", "预决算", {"yujuesuan": 3}, None, "domain term"),
    ("q39", "政府开放日", {"open_day": 3}, None, "domain term"),
    ("q40", "征求意见", {"consultation": 3}, None, "consultations"),
    ("q41", "基层政务公开标准化规范化", {"standardization": 3}, None, "long query, traditional seed"),
    ("q42", '"政务公开工作要点"', {"work_points": 3}, None, "quoted phrase over several words"),
    ("q43", "营商环境", {"yingshang": 3}, None, "domain term"),
    ("q44", "医保 怎么报销", {"yibao_reimburse": 3}, None, "question with stopwords"),
    ("q45", "低保", {"dibao": 3}, {"org_id": 3}, "org subtree filter (石城县)"),
    ("q46", "政府信息公开", {"gov_open": 3}, {"types": ["annual_report"]}, "type filter"),
    ("q47", "扶贫", {"fupin": 3}, {"year_from": 2020, "year_to": 2021}, "year range filter"),
    ("q48", "醫療保障局", {"yibao_bureau": 3}, None, "traditional, synonym"),
]


def _passes(doc: SearchDocument, filters: Mapping[str, Any] | None) -> bool:
    """The ground truth of the filters used above, computed from the document itself."""
    if not filters:
        return True
    if "org_id" in filters and filters["org_id"] not in (*doc.org_path, doc.org_id):
        return False
    if "types" in filters and doc.type not in filters["types"]:
        return False
    year = doc.date.year if doc.date else None
    if "year_from" in filters and (year is None or year < filters["year_from"]):
        return False
    return not ("year_to" in filters and (year is None or year > filters["year_to"]))


def _label(item: CorpusDoc, concept: str, title: str, body: str) -> int:
    if concept.startswith("text:"):
        needle = concept.removeprefix("text:")
        return 3 if needle in title else 1 if needle in body else 0
    return item.labels.get(concept, 0)


def build_judgments() -> dict[str, Any]:
    corpus = build_corpus()
    texts = {item.doc.id: (normalize(item.doc.title), normalize(item.doc.body)) for item in corpus}
    queries = []
    for query_id, text, concepts, filters, note in QUERY_SPECS:
        phrases = normalize(text).split('"')[1::2]
        judgments: dict[str, int] = {}
        for item in corpus:
            title, body = texts[item.doc.id]
            if not _passes(item.doc, filters) or not all(p in title or p in body for p in phrases):
                continue
            grade = max((min(_label(item, c, title, body), cap) for c, cap in concepts.items()), default=0)
            if grade > 0:
                judgments[item.doc.id] = grade
        queries.append(
            {
                "id": query_id,
                "query": text,
                "filters": filters,
                "note": note,
                "judgments": dict(sorted(judgments.items())),
            }
        )
    return {"corpus_seed": RANDOM_SEED, "corpus_size": len(corpus), "queries": queries}


def load_judged_queries(path: Path = JUDGMENTS_PATH) -> list[JudgedQuery]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        JudgedQuery(
            id=item["id"],
            query=item["query"],
            judgments=item["judgments"],
            filters=filters_from_json(item.get("filters")),
            note=item.get("note", ""),
        )
        for item in data["queries"]
    ]


def main() -> None:
    JUDGMENTS_PATH.write_text(json.dumps(build_judgments(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {JUDGMENTS_PATH}")


if __name__ == "__main__":
    main()
