"""The transition engine on a real table and a real row.

Core knows no domain model, so the engine is exercised on the auth user table, with
``first_name`` standing in for a state field: the lock, the order of the checks, the saved
fields, the audit row, on-commit effects and the durable transaction are all the real ones.
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.core.transitions import Context, Transition, Workflow, anyone

User = get_user_model()


class Phase(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "审核中"
    DONE = "done", "已完成"


def _is_staff(actor: Any, obj: Any) -> bool:
    return bool(getattr(actor, "is_staff", False))


def _visible(actor: Any, obj: Any) -> bool:
    return bool(actor.is_authenticated) and obj.last_name != "secret"


def make_workflow(**options: Any) -> Workflow[Any]:
    """The probe table; `options` adds Workflow arguments (side_tasks, suggest)."""
    wf: Workflow[Any] = Workflow(
        name="probe",
        model=User,
        states=Phase,
        state_field="first_name",
        visible=_visible,
        not_found="未找到。",
        transitions=[
            Transition("submit", "送审", frozenset({Phase.DRAFT}), Phase.REVIEW, anyone),
            Transition(
                "approve", "通过", frozenset({Phase.REVIEW}), Phase.DONE, _is_staff, denied="须由审核人员操作。"
            ),
            Transition(
                "reject",
                "退回",
                frozenset({Phase.REVIEW}),
                Phase.DRAFT,
                _is_staff,
                when=lambda obj: obj.email != "",
                when_fails="没有联系邮箱，不能退回。",
            ),
            Transition("note", "备注", frozenset({Phase.DRAFT, Phase.REVIEW}), None, anyone),
        ],
        **options,
    )

    @wf.effect("submit")
    def submit(ctx: Context[Any]) -> str:
        if ctx.data.get("title", "") == "":
            raise ValidationFailed("请填写标题。", fields={"title": ["必填。"]})
        ctx.update(last_name=ctx.data["title"])
        ctx.after["title"] = ctx.data["title"]
        ctx.on_commit(lambda: committed.append(ctx.obj.pk))
        return "ok"

    @wf.effect("approve")
    def approve(ctx: Context[Any]) -> None:
        if ctx.data.get("hold"):
            ctx.move_to(None)  # the effect decides: stay in review

    @wf.effect("reject")
    def reject(ctx: Context[Any]) -> None:
        ctx.note = "退回修改"

    @wf.effect("note")
    def note(ctx: Context[Any]) -> None:
        ctx.update(email="n@example.org")

    return wf


committed: list[int] = []


@pytest.fixture
def wf() -> Workflow[Any]:
    committed.clear()
    return make_workflow()


@pytest.fixture
def clerk(db: Any) -> Any:
    return User.objects.create_user("clerk", password="x-password-1")


@pytest.fixture
def reviewer(db: Any) -> Any:
    return User.objects.create_user("reviewer", password="x-password-1", is_staff=True)


def _row(state: str, **fields: Any) -> Any:
    return User.objects.create_user(f"row-{User.objects.count()}", first_name=state, **fields)


def test_apply_moves_state_saves_the_effect_fields_and_audits(wf, clerk, django_capture_on_commit_callbacks):
    row = _row(Phase.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        result = wf.apply(clerk, row.pk, "submit", title="新标题")
    assert result == "ok"
    row.refresh_from_db()
    assert (row.first_name, row.last_name) == (Phase.REVIEW, "新标题")
    event = AuditEvent.objects.get(action="probe.submit")
    assert event.before == {"state": "draft"}
    assert event.after == {"state": "review", "title": "新标题"}
    assert event.actor_id == clerk.pk
    assert committed == [row.pk]


def test_validation_failure_writes_nothing(wf, clerk):
    row = _row(Phase.DRAFT)
    with pytest.raises(ValidationFailed):
        wf.apply(clerk, row, "submit", title="")
    row.refresh_from_db()
    assert row.first_name == Phase.DRAFT
    assert not AuditEvent.objects.filter(action__startswith="probe.").exists()


def test_order_of_checks_is_visibility_then_permission_then_state(wf, clerk, reviewer):
    hidden = _row(Phase.DRAFT, last_name="secret")
    # Invisible: 404 even for an action the actor could not take and a state that forbids it.
    with pytest.raises(NotFound):
        wf.apply(clerk, hidden, "approve")
    draft = _row(Phase.DRAFT)
    # Visible, not allowed: 403 before the state is looked at.
    with pytest.raises(PermissionDenied, match="须由审核人员操作"):
        wf.apply(clerk, draft, "approve")
    # Allowed, wrong state: 409 illegal_transition naming the state and the action.
    with pytest.raises(Conflict) as info:
        wf.apply(reviewer, draft, "approve")
    assert info.value.code == "illegal_transition"
    assert info.value.extra == {"state": "draft", "action": "approve"}
    assert "草稿" in info.value.message
    assert not AuditEvent.objects.filter(action__startswith="probe.").exists()


def test_anonymous_and_missing_rows_are_not_found(wf, clerk):
    row = _row(Phase.DRAFT)
    with pytest.raises(NotFound):
        wf.apply(AnonymousUser(), row, "submit", title="x")
    with pytest.raises(NotFound):
        wf.apply(clerk, 10**9, "submit", title="x")
    with pytest.raises(NotFound):
        wf.apply(clerk, row, "no-such-action")


def test_condition_beyond_the_state_field_is_a_conflict_with_its_own_message(wf, reviewer):
    row = _row(Phase.REVIEW)
    with pytest.raises(Conflict, match="没有联系邮箱"):
        wf.apply(reviewer, row, "reject")
    row.email = "a@example.org"
    row.save()
    wf.apply(reviewer, row, "reject")
    row.refresh_from_db()
    assert row.first_name == Phase.DRAFT
    assert AuditEvent.objects.get(action="probe.reject").note == "退回修改"


def test_effect_may_keep_the_state(wf, reviewer):
    row = _row(Phase.REVIEW)
    wf.apply(reviewer, row, "approve", hold=True)
    row.refresh_from_db()
    assert row.first_name == Phase.REVIEW
    wf.apply(reviewer, row, "approve")
    row.refresh_from_db()
    assert row.first_name == Phase.DONE


def test_action_without_target_saves_only_its_fields(wf, clerk):
    row = _row(Phase.REVIEW, last_name="原值")
    User.objects.filter(pk=row.pk).update(last_name="别处改过")
    wf.apply(clerk, row, "note")  # the stale in-memory row is not saved over the database
    row.refresh_from_db()
    assert (row.first_name, row.email, row.last_name) == (Phase.REVIEW, "n@example.org", "别处改过")


def test_available_actions_answers_from_the_same_table_and_policies(wf, clerk, reviewer):
    review = _row(Phase.REVIEW)
    assert [t.action for t in wf.available_actions(clerk, review)] == ["note"]
    assert [t.action for t in wf.available_actions(reviewer, review)] == ["approve", "note"]
    review.email = "a@example.org"
    assert [t.action for t in wf.available_actions(reviewer, review)] == ["approve", "reject", "note"]
    assert wf.available_actions(AnonymousUser(), review) == []
    assert wf.available_actions(reviewer, _row(Phase.DONE)) == []


def test_every_pair_in_the_table_is_enforced(wf, reviewer):
    """The table-generated matrix: allowed pairs leave their source state, the others are 409."""
    for state, transition, allowed in wf.pairs():
        row = _row(state, email="a@example.org")
        if allowed:
            wf.apply(reviewer, row, transition.action, title="t")
            row.refresh_from_db()
            assert row.first_name == (transition.target or state), (state, transition.action)
        else:
            with pytest.raises(Conflict):
                wf.apply(reviewer, row, transition.action, title="t")
            row.refresh_from_db()
            assert row.first_name == state


def test_apply_refuses_to_nest_and_apply_nested_requires_a_transaction(wf, clerk, reviewer):
    first, second = _row(Phase.DRAFT), _row(Phase.REVIEW)
    with transaction.atomic(), pytest.raises(RuntimeError):
        wf.apply(clerk, first, "submit", title="x")

    @transaction.atomic
    def both() -> None:
        wf.apply_nested(clerk, first, "submit", title="x")
        wf.apply_nested(reviewer, second, "approve")

    both()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.first_name, second.first_name) == (Phase.REVIEW, Phase.DONE)


@pytest.mark.django_db(transaction=True)
def test_apply_nested_outside_a_transaction_is_refused():
    wf = make_workflow()
    clerk = User.objects.create_user("clerk", password="x-password-1")
    with pytest.raises(RuntimeError):
        wf.apply_nested(clerk, _row(Phase.DRAFT), "submit", title="x")
    wf.apply(clerk, _row(Phase.DRAFT), "submit", title="x")  # durable at the top: accepted


def test_a_table_with_unknown_states_or_duplicate_actions_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            name="bad",
            model=User,
            states=Phase,
            visible=_visible,
            transitions=[Transition("x", "x", frozenset({"nowhere"}), None, anyone)],
        )
    row = Transition("x", "x", frozenset({Phase.DRAFT}), None, anyone)
    with pytest.raises(ValueError, match="twice"):
        Workflow(name="bad", model=User, states=Phase, visible=_visible, transitions=[row, row])
    wf = Workflow(name="ok", model=User, states=Phase, visible=_visible, transitions=[row])
    with pytest.raises(ValueError):
        wf.effect("undeclared")


def test_waiting_at_names_the_step_a_record_waits_at_for_each_person(wf, clerk, reviewer):
    suggesting = make_workflow(side_tasks=("note",), suggest={Phase.REVIEW: ("approve",)})
    draft, review, done = _row(Phase.DRAFT), _row(Phase.REVIEW, email="a@example.org"), _row(Phase.DONE)
    hidden = _row(Phase.DRAFT, last_name="secret")
    # No suggestion in 草稿: the first action of the table that is not a side task.
    assert suggesting.waiting_at(clerk, draft).action == "submit"
    # 审核中 suggests 通过: the reviewer's step; the clerk could only add a note (a side task)
    # and the reviewer's 退回 is not the step the record waits at.
    assert suggesting.waiting_at(reviewer, review).action == "approve"
    assert suggesting.waiting_at(clerk, review) is None
    assert suggesting.waiting_at(reviewer, done) is None
    assert suggesting.waiting_at(clerk, hidden) is None
    assert suggesting.work_states() == [Phase.DRAFT, Phase.REVIEW]
    assert [row.action for row in suggesting.waiting_steps()] == ["submit", "approve"]
    assert [row.waiting for row in suggesting.waiting_steps()] == ["待送审", "待通过"]
    # Without suggestions every action that is not a side task can be waited for.
    assert [row.action for row in wf.waiting_steps()] == ["submit", "approve", "reject", "note"]
