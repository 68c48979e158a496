import pytest
from conftest import make_credit_code
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from gongkai.disclosure.models import Publication
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Level, Role
from gongkai.orgs.services import organization_create
from gongkai.portal import demo
from gongkai.portal.sites.demo import DEMO_SITE_DOCUMENTS

pytestmark = pytest.mark.django_db


def test_markup_in_names_is_shown_inert(client, superuser):
    organization_create(
        actor=superuser,
        name='<script>alert("x")</script>县',
        level=Level.COUNTY,
        credit_code=make_credit_code(),
        slug="hostile",
    )
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;县" in html


def test_staff_landing_needs_login_and_shows_roles(client, org_tree, make_user):
    assert client.get("/staff/").status_code == 302
    make_user("clerk", org=org_tree["dept"], role=Role.EDITOR)
    response = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"})
    assert response.status_code == 302
    html = client.get("/staff/").content.decode()
    assert "石城县卫生健康委员会" in html
    assert "起草" in html


def test_user_without_roles_is_told_in_chinese(client, make_user):
    make_user("nobody")
    client.force_login(User.objects.get(username="nobody"))
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "尚未分配任何机构角色" in response.content.decode()


def test_wrong_password_shows_a_chinese_error(client, make_user):
    make_user("clerk")
    response = client.post("/staff/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_user):
    make_user("clerk")
    for _ in range(5):
        client.post("/staff/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_form_refuses_a_post_without_csrf_token(make_user):
    make_user("clerk")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_demo_command_twice_creates_no_duplicates(capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    counts = (Organization.objects.count(), Publication.objects.count())
    call_command("demo", "--no-serve")
    second = capsys.readouterr().out
    assert counts == (Organization.objects.count(), Publication.objects.count())
    assert counts == (len(demo.ORGS), len(demo.DOCUMENTS) + len(DEMO_SITE_DOCUMENTS))
    assert first.count("密码 ") == len(demo.DEMO_USERS)
    assert "密码 " not in second.replace("密码见", "")
