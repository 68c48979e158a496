"""The demo gives 石城县's FOI officer real cases: one to accept, one to sign, one answered."""

import pytest
from django.contrib.auth import get_user_model

from gongkai.foi.models import Application, Letter, LetterKind, State
from gongkai.portal import demo

pytestmark = pytest.mark.django_db


def test_the_demo_builds_three_cases_through_the_services_once(client):
    orgs, _, _ = demo.build_all()
    county = orgs["shicheng"]
    officer = get_user_model().objects.get(username="demo-foi")
    cases = {a.state: a for a in Application.objects.filter(org=county)}
    assert set(cases) == {State.REGISTERED, State.IN_PROGRESS, State.REPLIED}
    assert cases[State.IN_PROGRESS].assigned_to == officer
    assert cases[State.REPLIED].assigned_to == officer
    drafted = Letter.objects.get(application=cases[State.IN_PROGRESS], kind=LetterKind.REPLY)
    assert drafted.status == Letter.Status.DRAFT
    signed = Letter.objects.get(application=cases[State.REPLIED], kind=LetterKind.REPLY)
    assert signed.status == Letter.Status.SIGNED
    assert cases[State.REPLIED].outcome == "disclosed"
    # The applicants left no e-mail address: building the demo sends nothing.
    assert all(not a.email for a in cases.values())

    demo.build_all()
    assert Application.objects.filter(org=county).count() == 3

    # The officer sees the two open cases on the FOI page,, not the answered one.
    client.force_login(officer)
    page = client.get("/staff/foi/").content.decode()
    assert cases[State.IN_PROGRESS].registration_number in page
    assert cases[State.REGISTERED].registration_number in page
    assert cases[State.REPLIED].registration_number not in page
