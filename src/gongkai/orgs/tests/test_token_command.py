import pytest
from django.core.management import CommandError, call_command

from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


def test_token_command_prints_a_token_that_authenticates(client, org_tree, make_user, capsys):
    make_user("clerk", org=org_tree["dept"], role=Role.EDITOR)
    call_command("token", "create", "clerk", "--name", "报送系统")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("gk_")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "clerk"
    assert AuditEvent.objects.filter(action="api_token.created").count() == 1


def test_token_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "create", "ghost")
