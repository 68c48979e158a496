"""The demo cluster: 石城县人民政府's site as the cluster portal, with two member sites of its
own (县卫健委, a 部门; 琴江镇, a 乡镇), each with its own host name, colour and banner, and
each 信息公开专栏 filled: the generated 指南, two 公开制度 written from the statute, and a
年度报告 whose figures are counted from the demo's own data (marked 演示 in the title).

Footer numbers (网站标识码, ICP, 公安备案) and contact data are zero-filled placeholders, not the
agencies' real numbers; the demo's hosts are *.localhost names, which browsers resolve to this
machine, so `gongkai demo` + runserver shows all three sites at once."""

import datetime
from dataclasses import dataclass

from gongkai.core.actors import Actor
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import Kind
from gongkai.disclosure.services import publication_import
from gongkai.orgs.models import Organization, Site, Theme
from gongkai.reports.services import website as website_services


@dataclass(frozen=True)
class SiteSpec:
    slug: str
    name: str
    hosts: str
    theme: Theme
    site_code: str
    office: str
    cluster_portal: bool = False


DEMO_SITES = [
    SiteSpec("shicheng", "石城县人民政府", "shicheng.localhost", Theme.RED, "3607350000", "石城县人民政府办公室", True),
    SiteSpec(
        "shicheng-wjw", "石城县卫生健康委员会", "wjw.shicheng.localhost", Theme.TEAL, "3607350001", "县卫健委办公室"
    ),
    SiteSpec(
        "shicheng-qinjiang",
        "石城县琴江镇人民政府",
        "qinjiang.shicheng.localhost",
        Theme.GREEN,
        "3607350002",
        "琴江镇党政办",
    ),
]

# Two 公开制度 every organisation keeps, written from the articles that require them.
RULES = [
    (
        "政府信息公开保密审查制度",
        "第一条 为规范政府信息公开前的保密审查，"
        "根据《中华人民共和国政府信息公开条例》第十七条，制定本制度。\n"
        "第二条 拟公开的政府信息，由起草科室提出公开属性意见，经保密审查后，"
        "报分管负责人签发，做到先审后发、一事一审。\n"
        "第三条 不能确定是否可以公开的，依照法律、法规和国家有关规定报有关主管部门或者保密行政管理部门确定。\n"
        "第四条 公开后的信息定期清理，发现不宜继续公开的，及时撤回并登记。",
    ),
    (
        "依申请公开政府信息办理制度",
        "第一条 根据《中华人民共和国政府信息公开条例》第四十五条，"
        "建立健全申请登记、审核、办理、答复、归档的工作制度。\n"
        "第二条 收到申请后当日登记；申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正（条例第三十条）。\n"
        "第三条 不能当场答复的，自收到申请之日起20个工作日内答复；"
        "需要延长的，经负责人同意并告知申请人，延长期限不超过20个工作日（条例第三十三条）。\n"
        "第四条 答复书载明救济途径，办结后将申请、答复及相关材料归档。",
    ),
]


# Every document the demo sites add: source key → (org slug, catalog columns, state).
DEMO_SITE_DOCUMENTS = {
    **{
        f"demo:rules:{spec.slug}:{number}": (spec.slug, ["rules"], "published")
        for spec in DEMO_SITES
        for number in range(1, len(RULES) + 1)
    },
    **{f"demo:annual-report:{spec.slug}:2024": (spec.slug, ["annual-reports"], "published") for spec in DEMO_SITES},
}


def _site_values(spec: SiteSpec, org: Organization) -> dict[str, object]:
    return {
        "name": spec.name,
        "hosts": spec.hosts,
        "is_cluster_portal": spec.cluster_portal,
        "theme": spec.theme,
        "site_code": spec.site_code,
        "icp_number": "赣ICP备00000000号",
        "police_number": "赣公网安备 36073500000000号",
        "police_record_code": "36073500000000",
        "sponsor": org.name,
        "operator": spec.office,
        "address": "江西省赣州市石城县（演示地址）",
        "postcode": "342700",
        "phone": "0797-0000000",
        "email": "demo@example.org",
        "office_hours": "法定工作日 上午8:00—12:00，下午14:30—17:30",
        "foi_office": spec.office,
        "foi_address": "江西省赣州市石城县（演示地址）",
        "foi_phone": "0797-0000000",
        "guide_updated_on": datetime.date(2024, 6, 1),
    }


def build_demo_sites(actor: Actor, orgs: dict[str, Organization]) -> None:
    """Demo set-up like demo.build_users (not an administrative act, so not through site_save,
    which dates the 指南 with the day of the edit): each site once, then its 专栏 documents."""
    for spec in DEMO_SITES:
        org = orgs[spec.slug]
        if not Site.objects.filter(org=org).exists():
            Site.objects.create(org=org, **_site_values(spec, org))
        for number, (title, body) in enumerate(RULES, start=1):
            publication_import(
                actor=actor,
                org=org,
                title=f"{org.name}{title}",
                body=body,
                kind=Kind.OTHER,
                published_on=datetime.date(2024, 3, 1),
                written_on=datetime.date(2024, 2, 28),
                source_key=f"demo:rules:{spec.slug}:{number}",
                catalog_codes=["rules"],
                topic="综合政务\\政务公开",
            )
        _annual_report(actor, org, year=2024)
        _website_report(actor, org, year=2025)


def _annual_report(actor: Actor, org: Organization, *, year: int) -> None:
    """A short 年度报告 in the 第五十条 order, counted from what the demo holds for the org."""
    items = disclosure.publication_list_public(disclosure.PublicFilters(org=org, year=year))
    total = items.count()
    policies = items.filter(kind__in=[k.value for k in disclosure.POLICY_KINDS]).count()
    body = "\n".join(
        [
            "一、总体情况",
            f"{year}年，{org.name}依照《中华人民共和国政府信息公开条例》做好政府信息公开工作。（本报告为演示数据，"
            "数字由演示系统中的数据统计生成。）",
            "二、主动公开政府信息情况",
            f"本年度在政府信息公开平台主动公开政府信息{total}条，其中政策文件{policies}件。",
            "三、收到和处理政府信息公开申请情况",
            "演示数据未包含本年度的依申请公开案件。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
            "五、存在的主要问题及改进情况",
            "政策解读形式还不够丰富，下一步将增加图解、问答等解读方式。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
    )
    publication_import(
        actor=actor,
        org=org,
        title=f"{org.name}{year}年政府信息公开工作年度报告（演示）",
        body=body,
        kind=Kind.WORK_REPORT,
        published_on=datetime.date(year + 1, 1, 20),
        written_on=datetime.date(year + 1, 1, 20),
        source_key=f"demo:annual-report:{org.slug}:{year}",
        catalog_codes=["annual-reports"],
        topic="综合政务\\政务公开",
    )


def _website_report(actor: Actor, org: Organization, *, year: int) -> None:
    """The site's 《政府网站工作年度报表》, counted from the demo data, with the rows only an office
    knows filled as a demo would (marked as such) and published by 1月31日 (国办函〔2018〕12号)."""
    report = website_services.website_report_start(
        actor=actor, org=org, year=year, today=datetime.date(year + 1, 1, 20)
    )
    if report.published_values is not None:
        return
    values = dict(report.values)
    values.update(
        unique_visitors="12000",
        page_views="86000",
        unified_platform="是",
        smart_qa="否",
        monitoring="是",
        drills="是",
        security_officer="是",
        multilingual="否",
        personalised="否",
        head="（演示）张主任",
        reviewer="（演示）李科长",
        filler="（演示）王干事",
        phone="0797-0000000",
        filled_on=f"{year + 1}年1月20日",
    )
    report = website_services.website_report_edit(actor=actor, report=report, values=values)
    website_services.website_report_publish(actor=actor, report=report, today=datetime.date(year + 1, 1, 25))
