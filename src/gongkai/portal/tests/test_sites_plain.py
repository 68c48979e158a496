"""Sites without the demo: the platform before any site is set up, and the theme palette."""

import pytest
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
    assert "本级及下属机构共 5 个，这里列出直属机构" in shown and 'href="/orgs/"' in shown
