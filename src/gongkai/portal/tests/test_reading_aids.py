"""Reading aids through real HTTP: the 繁體 view of public pages (and only of public pages), the
type size and 适老化 classes, and the links that set them without leaving the site."""

from urllib.parse import unquote

import pytest

from gongkai.orgs.roles import Role
from gongkai.portal.reading_aids import COOKIE_CARE, COOKIE_FONT, COOKIE_SCRIPT, to_traditional

pytestmark = pytest.mark.django_db


def test_conversion_is_opencc_simplified_to_traditional():
    assert to_traditional("政府信息公开工作年度报告") == "政府信息公開工作年度報告"


def test_the_links_set_cookies_and_return_to_the_page(client):
    response = client.get("/reading/", {"script": "hant", "font": "l", "care": "1", "next": "/search/?q=公开"})
    assert response.status_code == 302
    assert unquote(response["Location"]) == "/search/?q=公开"
    assert response.cookies[COOKIE_SCRIPT].value == "hant"
    assert response.cookies[COOKIE_FONT].value == "l"
    assert response.cookies[COOKIE_CARE].value == "1"
    assert response.cookies[COOKIE_SCRIPT]["httponly"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/" + "a" * 3000]
)
def test_next_never_leaves_the_site(client, target):
    response = client.get("/reading/", {"script": "hant", "next": target})
    assert response["Location"] == "/"


def test_unknown_values_set_nothing(client):
    response = client.get("/reading/", {"script": "klingon", "font": "xxl", "care": "maybe"})
    assert response.status_code == 302
    assert not response.cookies


def test_public_pages_convert_and_vary_on_the_cookie(client, org_tree):
    simplified = client.get("/")
    assert simplified.status_code == 200
    assert "Cookie" in simplified["Vary"]
    body = simplified.content.decode()
    assert "公开" in body
    client.cookies[COOKIE_SCRIPT] = "hant"
    traditional = client.get("/")
    text = traditional.content.decode()
    assert "公開" in text and "公开" not in text
    assert int(
        traditional["Content-Length"] if traditional.has_header("Content-Length") else len(traditional.content)
    ) == len(traditional.content)


def test_staff_pages_api_and_files_stay_simplified(client, org_tree, make_user):
    client.cookies[COOKIE_SCRIPT] = "hant"
    client.force_login(make_user("reader", org=org_tree["county"], role=Role.EDITOR))
    staff = client.get("/staff/").content.decode()
    assert "工作台" in staff and "工作檯" not in staff
    api = client.get("/api/v1/openapi.json").json()
    assert "公开" in api["info"]["title"] and "公開" not in api["info"]["title"]


def test_bad_cookies_are_the_default_view(client, org_tree):
    client.cookies[COOKIE_SCRIPT] = "<script>"
    client.cookies[COOKIE_FONT] = "9000"
    client.cookies[COOKIE_CARE] = "yes"
    response = client.get("/")
    assert response.status_code == 200
    assert "公开" in response.content.decode()


def test_the_page_says_its_language_and_carries_the_visitors_classes(client, org_tree):
    client.cookies[COOKIE_SCRIPT] = "hant"
    client.cookies[COOKIE_FONT] = "l"
    client.cookies[COOKIE_CARE] = "1"
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hant" class="font-l care">' in html
    assert "簡體" not in html and ">简体<" in html  # the way back is offered in Simplified, marked lang="zh-CN"
    assert "退出適老化模式" in html


def test_staff_pages_keep_lang_zh_cn_under_the_traditional_cookie(client, org_tree, make_user):
    client.cookies[COOKIE_SCRIPT] = "hant"
    client.force_login(make_user("reader2", org=org_tree["county"], role=Role.EDITOR))
    html = client.get("/staff/").content.decode()
    assert '<html lang="zh-CN"' in html
