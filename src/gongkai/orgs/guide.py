"""The 政府信息公开指南 of an organisation, built from its data (条例第十二条): how its information
is classified and published, how to ask for the rest, what it costs and where to complain or
appeal. Pure: the caller passes the org, its site record and its ancestors; the text follows the
statute so that every org's guide stays right when the org's data change."""

from dataclasses import dataclass, field
from datetime import date

from gongkai.orgs.models import Organization, Site
from gongkai.orgs.roles import Level

GOVERNMENT_LEVELS = {Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP}


@dataclass(frozen=True)
class GuideSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    # (label, value) rows shown as a definition list: the 工作机构's contact data.
    facts: list[tuple[str, str]] = field(default_factory=list)


def review_body(org: Organization, ancestors: list[Organization]) -> str:
    """Who hears a 行政复议 against `org` (《中华人民共和国行政复议法》2023年修订 第二十四条):
    a 县级以上地方人民政府 hears cases against its own departments (第一款第一项) and against the
    governments one level below (第一款第二项); a 省级 government hears cases against itself
    (第二款). Vertically led bodies (海关、金融、税务…, 第二十七条) are outside this demo rule
    and their site's 指南 says so in its 补充说明."""
    governments = [a for a in ancestors if a.level in GOVERNMENT_LEVELS]
    if org.level == Level.DEPARTMENT:
        return governments[-1].name if governments else "本级人民政府"
    if org.level == Level.PROVINCE:
        return org.name
    return governments[-1].name if governments else "上一级人民政府"


def build_guide(org: Organization, site: Site, ancestors: list[Organization]) -> list[GuideSection]:
    office = site.foi_office or f"{org.name}政府信息公开工作机构"
    contact = [
        ("受理机构", office),
        ("办公地址", site.foi_address or site.address),
        ("邮政编码", site.postcode),
        ("办公时间", site.office_hours),
        ("联系电话", site.foi_phone or site.phone),
        ("传真", site.fax),
        ("电子邮箱", site.email),
    ]
    reviewer = review_body(org, ancestors)
    sections = [
        GuideSection(
            "一、主动公开",
            [
                # 条例第十九、二十条 (scope), 第二十三、二十四条 (channels and the 公开平台).
                f"{org.name}按照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定主动公开政府信息，"
                "在本网站“政府信息公开”专栏按政府信息公开指南、政府信息公开制度、法定主动公开内容、"
                "政府信息公开年报分类编排，每条信息列明索引号、名称、内容概述和生成日期，可检索、查阅和下载。",
                # 第二十六条: within 20 working days of the information being formed or changed.
                "属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开；"
                "法律、法规对公开期限另有规定的，从其规定（条例第二十六条）。",
                # 第二十五条: reading rooms at archives, libraries and service halls.
                "公众也可以在国家档案馆、公共图书馆和政务服务场所设置的政府信息查阅场所查阅（条例第二十五条）。",
            ],
        ),
        GuideSection("二、依申请公开的受理机构", [], [(k, v) for k, v in contact if v]),
        GuideSection(
            "三、如何提出申请",
            [
                # 第二十九条: in writing (letter, data message), orally where writing is truly hard.
                "申请应当采用书面形式（包括信件、数据电文）；采用书面形式确有困难的，可以口头提出，"
                "由受理机构代为填写申请（条例第二十九条第一款）。可以通过本网站“依申请公开”在线提交，"
                "也可以邮寄或者当面递交申请。",
                "申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、"
                "文号或者便于查询的其他特征性描述；获取信息的方式、途径（条例第二十九条第二款）。",
                # 第三十条: 补正 notified once within 7 working days.
                "申请内容不明确的，受理机构自收到申请之日起7个工作日内一次性告知需要补正的事项和合理的补正期限"
                "（条例第三十条）。",
                # 第三十三条: on the spot, else 20 working days, extendable by at most 20.
                "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长期限的，"
                "经负责人同意并告知申请人，延长的期限最长不超过20个工作日（条例第三十三条）。",
            ],
        ),
        GuideSection(
            "四、收费",
            [
                # 第四十二条 and 国办函〔2020〕109号: free by default; 信息处理费 only past a volume.
                "依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
                "可以按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费"
                "（条例第四十二条）。",
            ],
        ),
        GuideSection(
            "五、监督和救济",
            [
                # 第五十一条: complaint, report, administrative review, litigation.
                "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关"
                "或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。",
                # 行政复议法 (2023) 第二十条: 60 days from knowing the act; 第二十四条: the reviewing body.
                f"申请行政复议的，可以自知道或者应当知道该行政行为之日起60日内向{reviewer}提出"
                "（《中华人民共和国行政复议法》第二十条、第二十四条）。",
                # 行政复议法 (2023) 第二十三条第一款第四项: 复议前置 for a refusal to disclose;
                # 行政诉讼法第四十五条: 15 days after the review decision.
                "对本机关不予公开政府信息的决定不服的，应当先申请行政复议；对行政复议决定不服的，可以自收到"
                "行政复议决定书之日起15日内向人民法院提起行政诉讼（《中华人民共和国行政复议法》第二十三条，"
                "《中华人民共和国行政诉讼法》第四十五条）。",
                # 行政诉讼法第四十六条: six months when suing directly.
                "其他情形，也可以自知道或者应当知道作出行政行为之日起6个月内直接向人民法院提起行政诉讼"
                "（《中华人民共和国行政诉讼法》第四十六条）。",
            ],
        ),
    ]
    if site.guide_notes.strip():
        sections.append(GuideSection("六、其他说明", [p for p in site.guide_notes.splitlines() if p.strip()]))
    return sections


def guide_date(site: Site) -> date | None:
    return site.guide_updated_on
