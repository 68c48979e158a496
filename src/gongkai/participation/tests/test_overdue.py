"""督办 lists (participation.selectors.letters_overdue): the letters longest overdue first, at
most a limit of them, with how many there are, across every open state and several supervised
orgs, against a reading of every letter; and the work page that shows them, which read and
showed every overdue letter of a province (14 s and 24 MB for a platform operator at a million
letters, bench/wall.py's database)."""

import datetime
import random
import re

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.participation import selectors
from gongkai.participation.models import Message, MessageState
from gongkai.participation.tests.test_statistics import letters
from gongkai.participation.transitions import OPEN_STATES

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 10, 20)


def by_hand(orgs, today: datetime.date = TODAY) -> list[int]:
    """Every open letter past its due date whose mailbox or handling unit is in the subtrees."""
    paths = tuple(org.path for org in orgs)
    late = [
        m
        for m in Message.objects.select_related("org", "handling_org")
        if m.state in OPEN_STATES
        and m.due_on is not None
        and m.due_on < today
        and (m.org.path.startswith(paths) or (m.handling_org is not None and m.handling_org.path.startswith(paths)))
    ]
    return [m.pk for m in sorted(late, key=lambda m: (m.due_on, m.pk))]


def test_the_longest_overdue_first_across_states_with_their_number(org_tree, monkeypatch):
    letters(org_tree, 300, seed=11)
    rng = random.Random(11)  # some letters handled by a unit of another subtree
    for message in Message.objects.filter(state__in=OPEN_STATES).order_by("pk")[:40]:
        message.handling_org = rng.choice([org_tree["dept"], org_tree["sibling"]])
        message.save(update_fields=["handling_org"])
    for orgs in ([org_tree["county"]], [org_tree["sibling"], org_tree["dept"]], [org_tree["city"]]):
        expected = by_hand(orgs)
        assert len({m.state for m in Message.objects.filter(pk__in=expected)}) >= 3
        whole = selectors.letters_overdue(orgs, today=TODAY, limit=1000)
        assert [o.message.pk for o in whole.rows] == expected and (whole.total, whole.more) == (len(expected), False)
        first = selectors.letters_overdue(orgs, today=TODAY, limit=7)
        assert [o.message.pk for o in first.rows] == expected[:7] and first.total == len(expected)
    monkeypatch.setattr(selectors, "OVERDUE_COUNTED", 5)
    capped = selectors.letters_overdue([org_tree["city"]], today=TODAY, limit=3)
    assert (len(capped.rows), capped.total, capped.more) == (3, 5, True)
    assert capped.rows[0].late_by > 0 and capped.rows[0].message.state != MessageState.DISMISSED


def test_the_work_page_shows_the_longest_overdue_and_says_how_many_there_are(org_tree, superuser, monkeypatch):
    letters(org_tree, 300, seed=12)
    monkeypatch.setattr(selectors, "OVERDUE_SHOWN", 4)
    client = Client()
    client.force_login(superuser)
    # A platform operator supervises from the roots, today (every open letter here is overdue).
    expected = by_hand([org_tree["city"]], today=timezone.localdate())
    assert len(expected) > 4
    html = client.get("/staff/participation/").content.decode()
    assert f"督办：逾期未办结的留言（{len(expected)}）" in html
    assert f"共 {len(expected)} 件，列出逾期最久的 4 件。" in html
    section = html.split('aria-labelledby="overdue-h"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r">(S\d+)</a>", section)
    codes = dict(Message.objects.filter(pk__in=expected[:4]).values_list("pk", "code"))
    assert shown == [codes[pk] for pk in expected[:4]]  # the longest overdue first
