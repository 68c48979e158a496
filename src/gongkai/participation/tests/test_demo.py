"""The two seed consultation notices reproduced as consultations (one open, one closed with feedback)."""

import datetime

import pytest

from gongkai.orgs.roles import Level
from gongkai.orgs.services import organization_create
from gongkai.participation import demo, selectors
from gongkai.participation.models import Comment, Consultation, ConsultationState
from gongkai.participation.transitions import Phase

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def demo_orgs(superuser):
    from conftest import make_credit_code

    return {
        slug: organization_create(
            actor=superuser, name=name, level=Level.COUNTY, credit_code=make_credit_code(region), slug=slug
        )
        for slug, name, region in (
            ("liuhe-bgs", "柳河县人民政府办公室", "220524"),
            ("sichuan-bgt", "四川省人民政府办公厅", "510000"),
        )
    }


def test_build_demo_consultations_reproduces_both_notices(superuser, demo_orgs):
    today = D(2025, 9, 26)
    liuhe, sichuan = demo.build_demo_consultations(actor=superuser, today=today)
    assert demo.demo_is_consistent()

    # 000: closed, feedback published, in simplified characters, fax only, deadline 6月5日11时.
    assert liuhe.org.slug == "liuhe-bgs" and liuhe.state == ConsultationState.FEEDBACK_PUBLISHED
    assert (liuhe.starts_on, liuhe.ends_on, liuhe.ends_note) == (D(2018, 6, 1), D(2018, 6, 5), "6月5日11时前")
    assert "7222670" in liuhe.channels and not liuhe.accepts_online
    assert "各乡镇政府" in liuhe.notice_html and "縣" not in liuhe.draft_html
    assert liuhe.draft_html.startswith("<p>2018年全政务公开工作的总体要求是")
    assert "发财计划" not in liuhe.draft_html  # the spam the source site carried is left out
    feedback = liuhe.feedback_snapshot
    assert feedback["received"] == 3 and {g["decision"]: g["count"] for g in feedback["groups"]} == {
        "adopted": 1,
        "partly": 1,
        "not_adopted": 1,
    }
    assert all(c.channel == "fax" and c.paragraph for c in Comment.objects.filter(consultation=liuhe))
    assert "演示数据" in liuhe.feedback_note

    # 004: open today, the original 7-day span, with the reason for the short period shown.
    assert sichuan.state == ConsultationState.PUBLISHED
    assert selectors.phase_of(sichuan, today) == Phase.OPEN
    assert (sichuan.starts_on, sichuan.ends_on) == (today, D(2025, 10, 2))
    assert "未载明缩短期限的理由" in sichuan.shortened_reason
    assert "gkzqyj@sc.gov.cn" in sichuan.channels
    assert "(二十一)加强监督考核" in sichuan.draft_html
    assert [c.pk for c in selectors.consultation_list_public(which="open", today=today)] == [sichuan.pk]
    assert [c.pk for c in selectors.consultation_list_public(which="closed", today=today)] == [liuhe.pk]

    again = demo.build_demo_consultations(actor=superuser, today=today)
    assert [c.pk for c in again] == [liuhe.pk, sichuan.pk] and Consultation.objects.count() == 2


def test_the_seed_events_table_is_read_row_by_row():
    rows = demo.seed_event_rows()
    assert rows[0] == ["序号", "月份", "活动主题", "主办单位"]
    assert len(rows) == 29
    assert rows[1] == [1, "5月", "消防安全", "县消防救援大队"]
    assert rows[2] == [2, None, "普惠金融改革试验区建设", "县金融服务中心"]
    assert rows[9] == [9, "7", "生态环境保护治理", "县生态环境局"]
    assert rows[28] == [28, None, "自主选定", "赣江源镇"]
