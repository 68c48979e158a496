"""Tests generated from the state tables: every (state, action) pair, and roles × positions in
the org tree, through the engine; plus the next inspection verifying rectification items."""

from __future__ import annotations

import datetime

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.inspection import services
from gongkai.inspection.models import (
    AccountStatus,
    Finding,
    InspectedSite,
    Inspection,
    MediaAccount,
    Rectification,
    RectificationState,
)
from gongkai.inspection.tests.fixture_site import main_site, serve
from gongkai.inspection.transitions import ACCOUNT, RECTIFICATION, AccountAction, RectificationAction
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


def _item(org, state: str) -> Rectification:
    site = InspectedSite.objects.create(org=org, name="测试网站", url="http://127.0.0.1:9/")
    inspection = Inspection.objects.create(
        site=site, as_of=datetime.date(2024, 6, 30), quarter="2024Q2", source="http", verdict="fail"
    )
    finding = Finding.objects.create(inspection=inspection, kind="empty_column", url="http://x/", detail="空白栏目")
    return Rectification.objects.create(
        org=org,
        site=site,
        finding=finding,
        kind="empty_column",
        key="k",
        due_on=datetime.date(2024, 7, 30),
        state=state,
    )


def _account(org, status: str) -> MediaAccount:
    return MediaAccount.objects.create(
        org=org,
        platform="wechat",
        name=f"石城发布{status}",
        registered_on=datetime.date(2020, 1, 1),
        responsible="张三",
        status=status,
    )


R_DATA = {
    RectificationAction.SUBMIT: {"response": "已补充栏目内容。"},
    RectificationAction.VERIFY: {"note": "核验通过。"},
    RectificationAction.REOPEN: {"note": "仍为空白。"},
}
A_DATA = {a: {"reason": "更新不及时"} for a in AccountAction}


def _r_data(action, inspection):
    return R_DATA.get(action, {"inspection": inspection})


@pytest.mark.parametrize(
    ("state", "action", "allowed"),
    [(s, r.action, a) for s, r, a in RECTIFICATION.pairs()],
    ids=[f"{s}-{r.action}" for s, r, _ in RECTIFICATION.pairs()],
)
def test_rectification_every_state_and_action(state, action, allowed, org_tree, superuser):
    item = _item(org_tree["dept"], state)
    events = AuditEvent.objects.count()
    data = _r_data(action, item.finding.inspection)
    if not allowed:
        with pytest.raises(Conflict) as refused:
            RECTIFICATION.apply(superuser, item, action, **data)
        assert refused.value.code == "illegal_transition"
        item.refresh_from_db()
        assert item.state == state and AuditEvent.objects.count() == events
    else:
        RECTIFICATION.apply(superuser, item, action, **data)
        item.refresh_from_db()
        assert item.state == RECTIFICATION.transition(action).target
        assert AuditEvent.objects.count() == events + 1


@pytest.mark.parametrize(
    ("state", "action", "allowed"),
    [(s, r.action, a) for s, r, a in ACCOUNT.pairs()],
    ids=[f"{s}-{r.action}" for s, r, _ in ACCOUNT.pairs()],
)
def test_account_every_state_and_action(state, action, allowed, org_tree, superuser):
    account = _account(org_tree["dept"], state)
    if not allowed:
        with pytest.raises(Conflict):
            ACCOUNT.apply(superuser, account, action, **A_DATA[action])
        account.refresh_from_db()
        assert account.status == state
    else:
        ACCOUNT.apply(superuser, account, action, **A_DATA[action])
        account.refresh_from_db()
        assert account.status == ACCOUNT.transition(action).target


# Who may act, by role and position: (holder org, role) → expected for submit / verify.
POSITIONS = ["dept", "county", "city", "sibling", "township"]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", list(Role))
def test_rectification_roles_and_positions(position, role, org_tree, make_user):
    user = make_user(f"u-{position}-{role}", org=org_tree[position], role=role)
    item = _item(org_tree["dept"], RectificationState.OPEN)
    in_subtree = position in ("dept", "county", "city")
    staff = role in (Role.EDITOR, Role.APPROVER, Role.ADMIN)
    if not (in_subtree and staff):
        with pytest.raises((NotFound, PermissionDenied)) as refused:
            services.rectification_submit(actor=user, item=item, response="已整改。")
        assert isinstance(refused.value, NotFound if not (in_subtree and staff) else PermissionDenied)
        assert RECTIFICATION.available_actions(user, item) == [] or not in_subtree
        return
    services.rectification_submit(actor=user, item=item, response="已整改。")
    item.refresh_from_db()
    # Only the office above the dept (county or city admin) verifies; never the dept itself.
    may_verify = role == Role.ADMIN and position in ("county", "city")
    offered = {t.action for t in RECTIFICATION.available_actions(user, item, interactive_only=True)}
    assert (RectificationAction.VERIFY in offered) == may_verify
    if may_verify:
        services.rectification_verify(actor=user, item=item)
    else:
        with pytest.raises(PermissionDenied):
            services.rectification_verify(actor=user, item=item)


def test_reopen_needs_a_reason_and_keeps_the_state(org_tree, superuser):
    from gongkai.core.errors import ValidationFailed

    item = _item(org_tree["dept"], RectificationState.SUBMITTED)
    with pytest.raises(ValidationFailed) as refused:
        services.rectification_reopen(actor=superuser, item=item, note=" ")
    assert "note" in refused.value.fields
    item.refresh_from_db()
    assert item.state == RectificationState.SUBMITTED


def test_next_inspection_verifies_items(org_tree, make_user):
    admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    editor = make_user("dept-editor", org=org_tree["dept"], role=Role.EDITOR)
    pages = main_site("http://127.0.0.1:9")
    with serve(pages) as (origin, _log):
        site = services.site_register(actor=admin, org=org_tree["dept"], name="县卫健委网站", url=origin + "/old/")
        first = services.inspection_run(actor=admin, site=site, as_of=datetime.date(2024, 6, 30), timeout=2.0)
        items = {i.kind: i for i in Rectification.objects.filter(site=site)}
        # /old/ also offers no 咨询建言 channel and no 办事服务: site-level items too.
        assert set(items) == {"stale_home", "hijacked_title", "no_interaction_channel", "no_service"}
        assert items["stale_home"].due_on == datetime.date(2024, 7, 30)
        for item in items.values():
            services.rectification_submit(actor=editor, item=item, response="已处理。")
        # The title is fixed; the home page is still not updated.
        pages["/old/"] = (200, *pages["/clean/"][1:2], pages["/old/"][2].replace("澳门葡京娱乐城 - ", ""), 0)
        second = services.inspection_run(actor=admin, site=site, as_of=datetime.date(2024, 7, 31), timeout=2.0)
    states = {i.kind: (i.state, i.verified_by_inspection_id) for i in Rectification.objects.filter(site=site)}
    assert states["hijacked_title"] == (RectificationState.VERIFIED, second.pk)
    assert states["stale_home"][0] == RectificationState.REOPENED
    assert states["no_service"][0] == RectificationState.REOPENED
    # A month later the column is stale too: a new item, open, with its own deadline.
    assert states["stale_column"] == (RectificationState.OPEN, None)
    assert first.verdict == "fail" and Rectification.objects.filter(site=site).count() == 5


def test_account_register_and_shut_down(org_tree, make_user):
    from gongkai.core.errors import ValidationFailed

    dept_admin = make_user("dept-admin", org=org_tree["dept"], role=Role.ADMIN)
    county_admin = make_user("county-admin2", org=org_tree["county"], role=Role.ADMIN)
    account = services.account_register(
        actor=dept_admin,
        org=org_tree["dept"],
        platform="wechat",
        name="石城卫健",
        registered_on=datetime.date(2021, 5, 1),
        responsible="李四",
    )
    with pytest.raises(PermissionDenied):
        services.account_act(actor=dept_admin, account=account, action=AccountAction.SHUT_DOWN, reason="更新不及时")
    with pytest.raises(ValidationFailed):
        services.account_act(actor=county_admin, account=account, action=AccountAction.SHUT_DOWN, reason="随便")
    services.account_act(actor=county_admin, account=account, action=AccountAction.SHUT_DOWN, reason="无互动功能")
    account.refresh_from_db()
    assert (account.status, account.status_reason) == (AccountStatus.CLOSED, "无互动功能")
    with pytest.raises(ValidationFailed):
        services.account_register(
            actor=dept_admin,
            org=org_tree["dept"],
            platform="nope",
            name="",
            registered_on=datetime.date(1990, 1, 1),
            responsible="",
        )


def test_account_feed_and_update_check(org_tree, superuser):
    feed = (
        "<?xml version='1.0'?><rss><channel><item><title>a</title><pubDate>Mon, 10 Jun 2024 08:00:00 +0800</pubDate>"
        "</item><item><pubDate>Sat, 01 Jun 2024 08:00:00 +0800</pubDate></item></channel></rss>"
    )
    with serve({"/feed.xml": (200, "application/rss+xml", feed, 0)}) as (origin, _log):
        account = _account(org_tree["dept"], AccountStatus.ACTIVE)
        MediaAccount.objects.filter(pk=account.pk).update(feed_url=origin + "/feed.xml", has_interaction=False)
        account.refresh_from_db()
        assert services.account_read_feed(actor=superuser, account=account) == 2
        assert services.account_read_feed(actor=superuser, account=account) == 0  # idempotent
    account.refresh_from_db()
    assert account.last_post_on == datetime.date(2024, 6, 10)
    fresh = services.account_check(account, as_of=datetime.date(2024, 6, 20))
    assert not fresh.stale and fresh.veto  # no interaction: the veto of 19号
    late = services.account_check(account, as_of=datetime.date(2024, 7, 1))
    assert late.stale and "内容更新不及时" in late.problems[0]
