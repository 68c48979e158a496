"""Demo content built from the five seed documents in `seeds/` (copied from shared/seeds).

The organisation tree holds the governments the seeds come from and the departments and
townships they name (石城县's work plan names 28 of them in its events table). Credit codes
are synthetic: valid GB 32100 check characters on the real region codes, with a made-up
body, so that 索引号 can be generated; they are not the agencies' real codes.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.catalogs import selectors as catalogs_selectors
from gongkai.catalogs.demo import load_demo as load_catalog_demo
from gongkai.core.actors import Actor
from gongkai.disclosure.models import Kind, Publication, State
from gongkai.disclosure.selectors import content_of
from gongkai.disclosure.services import (
    attachment_add,
    catalog_ensure_default,
    publication_decide,
    publication_edit,
    publication_import,
    publication_publish,
    publication_submit,
)
from gongkai.foi.demo import build_demo_applications
from gongkai.orgs.credit_code import check_character
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Level, Role
from gongkai.orgs.services import organization_create
from gongkai.participation.demo import build_demo_consultations, build_demo_events, seed_event_rows
from gongkai.portal.sites.demo import build_demo_sites
from gongkai.supervision import selectors as supervision_selectors
from gongkai.supervision.services.plans import plan_import

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class OrgSpec:
    slug: str
    name: str
    level: Level
    region: str
    parent: str | None = None
    short_name: str = ""


def _county_units(prefix: str, county_slug: str, region: str, units: list[tuple[str, str, str]]) -> list[OrgSpec]:
    return [
        OrgSpec(f"{county_slug}-{slug}", f"{prefix}{name}", level, region, county_slug, short)
        for slug, name, short, level in (
            (s, n, sh, Level.DEPARTMENT if "镇" not in sh and "乡" not in sh else Level.TOWNSHIP) for s, n, sh in units
        )
    ]


_SHICHENG_UNITS = [
    # (slug suffix, name after "石城县", short name as the work plan writes it)
    ("bgs", "人民政府办公室", "县政府办"),
    ("xfjy", "消防救援大队", "县消防救援大队"),
    ("jrfw", "金融服务中心", "县金融服务中心"),
    ("yjj", "应急管理局", "县应急管理局"),
    ("zrzyj", "自然资源局", "县自然资源局"),
    ("sthjj", "生态环境局", "县生态环境局"),
    ("gzfw", "国资服务中心", "县国资服务中心"),
    ("wglj", "文广旅局", "县文广旅局"),
    ("rsj", "人力资源和社会保障局", "县人社局"),
    ("swj", "商务局", "县商务局"),
    ("xczxj", "乡村振兴局", "县乡村振兴局"),
    ("gxj", "工业和信息化局", "县工信局"),
    ("sfj", "司法局", "县司法局"),
    ("zjj", "住房和城乡建设局", "县住建局"),
    ("scjgj", "市场监督管理局", "县市场监管局"),
    ("wjw", "卫生健康委员会", "县卫健委"),
    ("nyncj", "农业农村局", "县农业农村局"),
    ("xzspj", "行政审批局", "县行政审批局"),
    ("jktj", "教科体局", "县教科体局"),
    ("fgw", "发展和改革委员会", "县发改委"),
    ("czj", "财政局", "县财政局"),
    ("mzj", "民政局", "县民政局"),
    ("ybj", "医疗保障局", "县医疗保障局"),
    ("jtysj", "交通运输局", "县交通运输局"),
    ("tyjrj", "退役军人事务局", "县退役军人事务局"),
    ("rmtzx", "融媒体中心", "县融媒体中心"),
    ("wxb", "网信办", "县网信办"),
    ("qinjiang", "琴江镇人民政府", "琴江镇"),
    ("gaotian", "高田镇人民政府", "高田镇"),
    ("hengjiang", "横江镇人民政府", "横江镇"),
    ("xiaosong", "小松镇人民政府", "小松镇"),
    ("pingshan", "屏山镇人民政府", "屏山镇"),
    ("ganjiangyuan", "赣江源镇人民政府", "赣江源镇"),
    ("mulan", "木兰乡人民政府", "木兰乡"),
    ("longgang", "龙岗乡人民政府", "龙岗乡"),
    ("dayou", "大由乡人民政府", "大由乡"),
    ("fengshan", "丰山乡人民政府", "丰山乡"),
    ("zhukeng", "珠坑乡人民政府", "珠坑乡"),
]

ORGS: list[OrgSpec] = [
    OrgSpec("jilin", "吉林省人民政府", Level.PROVINCE, "220000", short_name="吉林省"),
    OrgSpec("tonghua", "通化市人民政府", Level.CITY, "220500", "jilin", "通化市"),
    OrgSpec("liuhe", "柳河县人民政府", Level.COUNTY, "220524", "tonghua", "柳河县"),
    OrgSpec("liuhe-bgs", "柳河县人民政府办公室", Level.DEPARTMENT, "220524", "liuhe", "县政府办"),
    OrgSpec("henan", "河南省人民政府", Level.PROVINCE, "410000", short_name="河南省"),
    OrgSpec("pingdingshan", "平顶山市人民政府", Level.CITY, "410400", "henan", "平顶山市"),
    OrgSpec("pingdingshan-bgs", "平顶山市人民政府办公室", Level.DEPARTMENT, "410400", "pingdingshan", "市政府办"),
    OrgSpec("jiangxi", "江西省人民政府", Level.PROVINCE, "360000", short_name="江西省"),
    OrgSpec("ganzhou", "赣州市人民政府", Level.CITY, "360700", "jiangxi", "赣州市"),
    OrgSpec("shicheng", "石城县人民政府", Level.COUNTY, "360735", "ganzhou", "石城县"),
    *_county_units("石城县", "shicheng", "360735", _SHICHENG_UNITS),
    # 县城市社区管委会 is addressed beside the townships (乡镇) in the seed, not among departments.
    OrgSpec("shicheng-csgw", "石城县城市社区管理委员会", Level.TOWNSHIP, "360735", "shicheng", "县城市社区管委会"),
    OrgSpec("liaoning", "辽宁省人民政府", Level.PROVINCE, "210000", short_name="辽宁省"),
    OrgSpec("benxi", "本溪市人民政府", Level.CITY, "210500", "liaoning", "本溪市"),
    OrgSpec("nanfen", "本溪市南芬区人民政府", Level.COUNTY, "210505", "benxi", "南芬区"),
    OrgSpec("sichuan", "四川省人民政府", Level.PROVINCE, "510000", short_name="四川省"),
    OrgSpec("sichuan-bgt", "四川省人民政府办公厅", Level.DEPARTMENT, "510000", "sichuan", "省政府办公厅"),
]


@dataclass(frozen=True)
class SeedDocument:
    filename: str
    org: str
    title: str
    kind: Kind
    published_on: date
    written_on: date | None
    # The body is the text after the first line containing `start_after` and before the
    # first line containing `end_before`: what lies outside is page chrome, a second copy
    # of the page, or spam injected by the source site.
    start_after: str
    end_before: str | None
    catalog: str
    doc_number: str = ""


DOCUMENTS = [
    SeedDocument(
        "000_fe679704d659e81b.txt",
        "liuhe-bgs",
        "关于对2018年全县政务公开工作重点任务分工方案征求意见的通知",
        Kind.NOTICE,
        date(2018, 6, 1),
        date(2018, 5, 31),
        "發布時間:",
        "发财计划",
        "consultations",
    ),
    SeedDocument(
        "001_c9966fb0e72ec724.txt",
        "pingdingshan-bgs",
        "2020年度全市基层政务公开标准化规范化工作通报",
        Kind.NOTICE,
        date(2021, 1, 29),
        None,
        "發布日期:2021-01-29",
        "掃一掃在手機打開當前頁",
        "notices",
    ),
    SeedDocument(
        "002_0cf31afc2e5c933c.txt",
        "shicheng-bgs",
        "关于印发石城县2024年政务公开工作要点的通知",
        # A 县政府办 notice issuing a work plan to every unit is a 政策文件 (其他文件): the policy
        # library lists it; as 规划计划 it matched none of the library's 体裁.
        Kind.POLICY,
        date(2024, 5, 26),
        date(2024, 5, 26),
        "访问量:",
        "相关文章:",
        "other-docs",
    ),
    SeedDocument(
        "003_3ec03d522cbb5947.txt",
        "nanfen",
        "南芬区2017年度政府信息公开工作报告",
        Kind.WORK_REPORT,
        date(2018, 3, 9),
        date(2018, 3, 9),
        "发布时间:2018-03-09",
        None,
        "annual-reports",
    ),
    SeedDocument(
        "004_03461e84c33463f6.txt",
        "sichuan-bgt",
        "四川省人民政府信息公开办公室关于面向社会公开征求《关于全面推进政务公开工作的实施意见(征求意见稿)》意见的公告",
        Kind.NOTICE,
        date(2016, 8, 25),
        date(2016, 8, 25),
        "【字体:",
        "责任编辑:",
        "consultations",
    ),
]

DEMO_USERS = [
    # (username, org slug, role or None for the platform operator)
    ("demo-operator", None, None),
    ("demo-admin", "shicheng", Role.ADMIN),
    ("demo-editor", "shicheng-bgs", Role.EDITOR),
    ("demo-reviewer", "shicheng-bgs", Role.REVIEWER),
    ("demo-approver", "shicheng", Role.APPROVER),
    ("demo-foi", "shicheng", Role.FOI_OFFICER),
]

_BULLET = re.compile(r"^\s*[•·]\s*")


def synthetic_credit_code(region: str, slug: str) -> str:
    """A stable, valid-looking code for a demo org: 机关 (11) + region + 9 digits from the slug."""
    digits = f"{int.from_bytes(slug.encode(), 'big') % 10**9:09d}"
    body = f"11{region}{digits}"
    return body + check_character(body)


def clean_seed_text(raw: str, *, start_after: str, end_before: str | None) -> str:
    lines = raw.splitlines()
    start = next(i for i, line in enumerate(lines) if start_after in line) + 1
    end = len(lines)
    if end_before is not None:
        end = next(i for i, line in enumerate(lines) if i >= start and end_before in line)
    kept = [_BULLET.sub("", line).strip() for line in lines[start:end]]
    text = "\n".join(line for line in kept if line)
    return text.strip()


def build_orgs(actor: Actor) -> dict[str, Organization]:
    existing = {o.slug: o for o in Organization.objects.filter(slug__in=[s.slug for s in ORGS])}
    for spec in ORGS:
        if spec.slug in existing:
            continue
        existing[spec.slug] = organization_create(
            actor=actor,
            name=spec.name,
            short_name=spec.short_name,
            level=spec.level,
            credit_code=synthetic_credit_code(spec.region, spec.slug),
            slug=spec.slug,
            parent=existing[spec.parent] if spec.parent else None,
            sort_order=ORGS.index(spec),
        )
    return existing


def ensure_user(username: str, *, operator: bool = False) -> tuple[Any, str | None]:
    """The demo user, created with a fresh random password (returned once) if missing."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is not None:
        return user, None
    password = secrets.token_urlsafe(9)
    if operator:
        return user_model.objects.create_superuser(username, password=password), password
    return user_model.objects.create_user(username, password=password), password


def build_users(orgs: dict[str, Organization]) -> list[tuple[str, str | None]]:
    """Give each demo role user its membership; returns (username, password or None if it existed)."""
    created: list[tuple[str, str | None]] = []
    for username, slug, role in DEMO_USERS:
        if role is None or slug is None:
            continue
        user, password = ensure_user(username)
        # Demo set-up, not an administrative act, so it is not routed through membership_grant.
        Membership.objects.get_or_create(user=user, org=orgs[slug], role=role)
        created.append((username, password))
    return created


def build_all() -> tuple[dict[str, Organization], list[tuple[str, str | None]], int]:
    """Everything `gongkai demo` creates; idempotent. Returns orgs, credentials and new documents."""
    # The operator comes first so that it is the actor of every audited step.
    operator, operator_password = ensure_user("demo-operator", operator=True)
    orgs = build_orgs(operator)
    for org in orgs.values():
        catalog_ensure_default(org=org)
    users = [("demo-operator", operator_password), *build_users(orgs)]
    added = build_documents(operator, orgs)
    # The two seed consultation notices as consultations (one open, one closed with its
    # feedback), and 石城县's 2024 政务公开讲/政府开放日 schedule from its work plan.
    build_demo_consultations(actor=operator, today=timezone.localdate(), orgs=orgs)
    build_demo_events(actor=operator, year=2024)
    build_module_demos(operator, orgs)
    build_demo_attachment(operator)
    # What the FOI officer of 石城县 finds waiting: a new case, one to sign, one answered.
    officer = get_user_model().objects.get(username="demo-foi")
    build_demo_applications(actor=operator, org=orgs["shicheng"], officer=officer, today=timezone.localdate())
    # The cluster: 石城县's portal and two member sites, with their 专栏 columns filled.
    build_demo_sites(operator, orgs)
    return orgs, users, added


def build_module_demos(actor: Actor, orgs: dict[str, Organization]) -> None:
    """石城县's 标准目录 (template areas bound to its columns) and its 2024 工作要点 (seed 002)
    as 督查考核 tasks, each made once."""
    county = orgs["shicheng"]
    if not catalogs_selectors.published_versions(county):
        load_catalog_demo(county)
    if not supervision_selectors.plans_of(county).exists():
        seed = (SEEDS_DIR / "002_0cf31afc2e5c933c.txt").read_bytes()
        plan_import(actor=actor, org=county, year=2024, data=seed, name="石城县2024年政务公开工作要点.txt")


PLAN_SEED_KEY = "seed:002_0cf31afc2e5c933c.txt"
PLAN_ANNEX = "2024年“政务公开讲”“政府开放日”活动安排表.xlsx"


def build_demo_attachment(actor: Actor) -> None:
    """Seed 002 ends with its 附件, the events table, as text; the demo item also carries it as a
    spreadsheet, added as an office would add it: a new revision with the file, reviewed and
    released (先审后发). Made once."""
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = Publication.objects.filter(source_key=PLAN_SEED_KEY).first()
    if item is None or item.current_revision is None or item.attachments.exists():
        return
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "活动安排表"
    for row in seed_event_rows():
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    item, _ = publication_edit(actor=actor, publication=item, content=content_of(item.current_revision))
    attachment_add(actor=actor, publication=item, upload=SimpleUploadedFile(PLAN_ANNEX, data.getvalue()))
    item = publication_submit(actor=actor, publication=item)
    while item.state == State.IN_REVIEW:
        publication_decide(actor=actor, publication=item, decision="approve", opinion="同意补充附件。")
        item.refresh_from_db()
    publication_publish(actor=actor, publication=item)


def build_documents(actor: Actor, orgs: dict[str, Organization]) -> int:
    count = 0
    for doc in DOCUMENTS:
        raw = (SEEDS_DIR / doc.filename).read_text(encoding="utf-8")
        body = clean_seed_text(raw, start_after=doc.start_after, end_before=doc.end_before)
        _, created = publication_import(
            actor=actor,
            org=orgs[doc.org],
            title=doc.title,
            body=body,
            kind=doc.kind,
            published_on=doc.published_on,
            written_on=doc.written_on,
            source_key=f"seed:{doc.filename}",
            catalog_codes=[doc.catalog],
            topic="综合政务\\政务公开",
        )
        count += int(created)
    return count
