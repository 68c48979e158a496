"""Sites without the demo: the platform before any site is set up, and the theme palette."""

import pytest
from conftest import make_credit_code
from django.test import Client

from gongkai.orgs.models import Theme
from gongkai.portal.sites.themes import PALETTES, contrast


@pytest.mark.django_db
def test_without_any_site_the_home_page_is_the_org_tree(org_tree):
    html = Client().get("/").content.decode()
    assert "石城县人民政府" in html and "机构导航" in html
    assert 'href="/org/shicheng/"' in html
    # An org with no site of its own (nor above it) still gets a site look from its own data.
    html = Client().get("/org/shicheng/").content.decode()
    assert '<p class="site-name"><a href="/org/shicheng/">石城县人民政府</a></p>' in html
    assert "主办单位：石城县人民政府" in html


def test_every_theme_keeps_white_text_readable():
    for theme in Theme.values:
        palette = PALETTES[theme]
        for colour in (palette.primary, palette.dark):
            assert contrast(colour, "#ffffff") >= 4.5, (theme, colour)
        assert contrast(palette.primary, palette.tint) >= 4.5, theme  # links on the tinted blocks
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)


@pytest.mark.django_db
def test_an_org_page_lists_a_large_subtree_one_level_down(org_tree, monkeypatch, settings):
    """赣州市 has five orgs in its subtree; past SUBTREE_SHOWN its page lists it and its direct
    children and says how many there are, with the way to the rest."""
    from gongkai.orgs import selectors as org_selectors

    def orgs_section(html: str) -> str:
        return html.split('id="orgs-heading"', 1)[1].split("</section>", 1)[0]

    settings.GONGKAI_PAGE_CACHE = False  # the same page asked twice
    monkeypatch.setattr(org_selectors, "SUBTREE_SHOWN", 5)
    whole = orgs_section(Client().get("/org/ganzhou/xxgk/").content.decode())
    assert 'href="/org/shicheng-wjw/"' in whole and "这里列出直属机构" not in whole
    monkeypatch.setattr(org_selectors, "SUBTREE_SHOWN", 4)
    shown = orgs_section(Client().get("/org/ganzhou/xxgk/").content.decode())
    assert 'href="/org/shicheng/"' in shown and 'href="/org/ruijin/"' in shown
    assert 'href="/org/shicheng-wjw/"' not in shown and 'href="/org/shicheng-mulan/"' not in shown
    assert "本级及下属机构共 5 个，这里列出直属机构" in shown
    # The way to the rest: each child with orgs beneath it links to its own 专栏, which lists them.
    assert '<a class="below" href="/org/shicheng/xxgk/#orgs-heading">下属机构 2 个</a>' in shown
    assert shown.count('class="below"') == 1  # 瑞金市 has none


@pytest.mark.django_db
def test_the_directory_of_a_large_platform_lists_two_levels_with_the_way_to_the_rest(
    org_tree, superuser, monkeypatch, settings
):
    """机构导航 and the home before any site: the whole forest up to SUBTREE_SHOWN orgs; past it
    the roots and their direct children, each with the number of orgs beneath it (a province's
    5,000 orgs were 447 KB of links on one page)."""
    from gongkai.orgs import selectors as org_selectors
    from gongkai.orgs.models import Level
    from gongkai.orgs.services import organization_create

    settings.GONGKAI_PAGE_CACHE = False
    # One level deeper: 石城县 has three orgs beneath it, 县卫健委 one.
    organization_create(
        actor=superuser,
        name="石城县疾病预防控制中心",
        level=Level.DEPARTMENT,
        credit_code=make_credit_code(),
        slug="shicheng-cdc",
        parent=org_tree["dept"],
    )

    def orgs_section(html: str) -> str:
        return html.split('id="orgs-heading"', 1)[1].split("</section>", 1)[0]

    monkeypatch.setattr(org_selectors, "SUBTREE_SHOWN", 6)
    for url in ("/orgs/", "/"):
        whole = orgs_section(Client().get(url).content.decode())
        assert 'href="/org/shicheng-cdc/"' in whole and 'class="below"' not in whole and "平台共有机构" not in whole
    monkeypatch.setattr(org_selectors, "SUBTREE_SHOWN", 5)
    for url in ("/orgs/", "/"):
        shown = orgs_section(Client().get(url).content.decode())
        for slug in ("ganzhou", "shicheng", "ruijin"):
            assert f'href="/org/{slug}/"' in shown, (url, slug)
        for slug in ("shicheng-wjw", "shicheng-mulan", "shicheng-cdc"):
            assert f'href="/org/{slug}/"' not in shown, (url, slug)
        assert '<a class="below" href="/org/shicheng/xxgk/#orgs-heading">下属机构 3 个</a>' in shown
        assert shown.count('class="below"') == 1
        assert "平台共有机构 6 个，这里列出各级政府及其直属机构" in shown
    # The county's own page lists its subtree whole, and its department's one below it.
    county = orgs_section(Client().get("/org/shicheng/xxgk/").content.decode())
    assert 'href="/org/shicheng-cdc/"' in county and 'class="below"' not in county
