"""Fixtures: a 石城县 tree with the units seed 002 names (short names as the plan writes them),
the office and a unit clerk."""

from pathlib import Path
from typing import Any

import pytest
from conftest import make_credit_code

from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Level
from gongkai.orgs.services import organization_create

SEED_002 = Path(__file__).resolve().parents[2] / "portal" / "seeds" / "002_0cf31afc2e5c933c.txt"

# (slug suffix, name after "石城县", short name as the work plan writes it); as in the demo.
UNITS = [
    ("bgs", "人民政府办公室", "县政府办"), ("xfjy", "消防救援大队", "县消防救援大队"),
    ("jrfw", "金融服务中心", "县金融服务中心"), ("yjj", "应急管理局", "县应急管理局"),
    ("zrzyj", "自然资源局", "县自然资源局"), ("sthjj", "生态环境局", "县生态环境局"),
    ("gzfw", "国资服务中心", "县国资服务中心"), ("wglj", "文广旅局", "县文广旅局"),
    ("rsj", "人力资源和社会保障局", "县人社局"), ("swj", "商务局", "县商务局"),
    ("xczxj", "乡村振兴局", "县乡村振兴局"), ("gxj", "工业和信息化局", "县工信局"),
    ("sfj", "司法局", "县司法局"), ("zjj", "住房和城乡建设局", "县住建局"),
    ("scjgj", "市场监督管理局", "县市场监管局"), ("wjw", "卫生健康委员会", "县卫健委"),
    ("nyncj", "农业农村局", "县农业农村局"), ("xzspj", "行政审批局", "县行政审批局"),
    ("jktj", "教科体局", "县教科体局"), ("fgw", "发展和改革委员会", "县发改委"),
    ("czj", "财政局", "县财政局"), ("mzj", "民政局", "县民政局"),
    ("ybj", "医疗保障局", "县医疗保障局"), ("jtysj", "交通运输局", "县交通运输局"),
    ("tyjrj", "退役军人事务局", "县退役军人事务局"), ("rmtzx", "融媒体中心", "县融媒体中心"),
    ("wxb", "网信办", "县网信办"),
    ("qinjiang", "琴江镇人民政府", "琴江镇"), ("mulan", "木兰乡人民政府", "木兰乡"),
    ("csgw", "城市社区管理委员会", "县城市社区管委会"),
]  # fmt: skip


def build_shicheng(actor: Any) -> dict[str, Organization]:
    county = organization_create(
        actor=actor, name="石城县人民政府", short_name="石城县", level=Level.COUNTY,
        credit_code=make_credit_code(), slug="shicheng",
    )  # fmt: skip
    orgs = {"shicheng": county}
    for i, (suffix, name, short) in enumerate(UNITS):
        level = Level.TOWNSHIP if ("镇" in short or "乡" in short or suffix == "csgw") else Level.DEPARTMENT
        orgs[f"shicheng-{suffix}"] = organization_create(
            actor=actor, name=f"石城县{name}", short_name=short, level=level,
            credit_code=make_credit_code(), slug=f"shicheng-{suffix}", parent=county, sort_order=i,
        )  # fmt: skip
    return orgs


@pytest.fixture
def shicheng(db: Any, superuser: Any) -> dict[str, Organization]:
    return build_shicheng(superuser)


@pytest.fixture
def office(shicheng: dict[str, Organization], make_user: Any) -> Any:
    return make_user("office-admin", org=shicheng["shicheng"], role="admin")


@pytest.fixture
def clerk(shicheng: dict[str, Organization], make_user: Any) -> Any:
    return make_user("wjw-clerk", org=shicheng["shicheng-wjw"], role="editor")


@pytest.fixture
def other_clerk(shicheng: dict[str, Organization], make_user: Any) -> Any:
    user = make_user("sfj-clerk")
    Membership.objects.create(user=user, org=shicheng["shicheng-sfj"], role="editor")
    return user
