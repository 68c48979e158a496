"""Staff API (``Authorization: Bearer``): decisions with their ``actions``, step records and
publication; proposals (register, 交办, unit replies, satisfaction, publication); meetings. Every
write goes through the services and the state tables."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.decisions.public import decision_out, meeting_out
from gongkai.api.decisions.schemas import (
    AssignIn,
    DecisionOut,
    DecisionPublishIn,
    EvaluateIn,
    MeetingOut,
    ProposalIn,
    ProposalOut,
    PublishReplyIn,
    ReplyDraftIn,
    SignIn,
    StepIn,
)
from gongkai.core.errors import NotFound
from gongkai.decisions import permissions, selectors, services
from gongkai.decisions.models import Proposal
from gongkai.decisions.transitions import DECISION, MEETING, PROPOSAL, UNIT
from gongkai.orgs.models import Organization

router = Router(tags=["decisions"])
staff = StaffToken()
S = "/staff/decisions"


def _decision(request: HttpRequest, pk: int) -> dict[str, Any]:
    d = selectors.decision_get_for_staff(actor=request.user, pk=pk)
    return {**decision_out(d), "actions": actions_of(DECISION, request.user, d, interactive_only=True)}


def _proposal(request: HttpRequest, pk: int) -> dict[str, Any]:
    p: Proposal = selectors.proposal_get_for_staff(actor=request.user, pk=pk)
    return {
        "id": p.pk,
        "year": p.year,
        "kind": p.kind,
        "number": p.number,
        "author": p.author,
        "delegation": p.delegation,
        "subject": p.subject,
        "field": p.field,
        "state": p.state,
        "state_label": p.get_state_display(),
        "assigned_on": p.assigned_on,
        "due_on": p.due_on,
        "answered_on": p.answered_on,
        "satisfaction": p.satisfaction,
        "publish_mode": p.publish_mode,
        "units": [
            {
                "id": u.pk,
                "org": u.org.name,
                "role": u.role,
                "state": u.state,
                "state_label": u.get_state_display(),
                "reply": u.reply,
                "signed_by": u.signed_by,
                "answered_on": u.answered_on,
                "actions": actions_of(UNIT, request.user, u, interactive_only=True),
            }
            for u in p.units.select_related("org", "proposal__org")
        ],
        "actions": actions_of(PROPOSAL, request.user, p, interactive_only=True),
    }


def _org(request: HttpRequest, org_id: int) -> Organization:
    org = Organization.objects.filter(pk=org_id).first()
    if org is None or not permissions.can_see_office(request.user, org):
        raise NotFound("未找到该机构。")
    return org


@router.get(S + "/items/{pk}", response=DecisionOut, auth=staff, summary="决策事项（含可执行的操作）")
def decision_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _decision(request, pk)


@router.post(S + "/items/{pk}/steps", response=DecisionOut, auth=staff, summary="记录决策程序履行情况")
def decision_step(request: HttpRequest, pk: int, payload: StepIn) -> dict[str, Any]:
    d = selectors.decision_get_for_staff(actor=request.user, pk=pk)
    services.decision_record_step(actor=request.user, decision=d, **payload.dict())
    return _decision(request, pk)


@router.post(S + "/items/{pk}/start", response=DecisionOut, auth=staff, summary="启动决策程序")
def decision_start(request: HttpRequest, pk: int) -> dict[str, Any]:
    services.decision_start(actor=request.user, decision=selectors.decision_get_for_staff(actor=request.user, pk=pk))
    return _decision(request, pk)


@router.post(S + "/items/{pk}/publish", response=DecisionOut, auth=staff, summary="公布决策（程序未履行完毕时拒绝）")
def decision_publish(request: HttpRequest, pk: int, payload: DecisionPublishIn) -> dict[str, Any]:
    d = selectors.decision_get_for_staff(actor=request.user, pk=pk)
    services.decision_publish(actor=request.user, decision=d, **payload.dict())
    return _decision(request, pk)


@router.get(S + "/meetings/{pk}", response=MeetingOut, auth=staff, summary="开放会议（含可执行的操作）")
def meeting_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    m = selectors.meeting_get_for_staff(actor=request.user, pk=pk)
    return {**meeting_out(m), "actions": actions_of(MEETING, request.user, m, interactive_only=True)}


@router.post(S + "/orgs/{org_id}/proposals", response={201: ProposalOut}, auth=staff, summary="登记建议提案")
def proposal_create(request: HttpRequest, org_id: int, payload: ProposalIn) -> Status:
    p = services.proposal_register(
        actor=request.user, org=_org(request, org_id), data=services.ProposalInput(**payload.dict())
    )
    return Status(201, _proposal(request, p.pk))


@router.get(S + "/proposals/{pk}", response=ProposalOut, auth=staff, summary="建议提案（含各承办单位和可执行的操作）")
def proposal_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _proposal(request, pk)


@router.post(S + "/proposals/{pk}/assign", response=ProposalOut, auth=staff, summary="交办主办、会办单位")
def proposal_assign(request: HttpRequest, pk: int, payload: AssignIn) -> dict[str, Any]:
    p = selectors.proposal_get_for_staff(actor=request.user, pk=pk)
    ids = [payload.lead_org_id, *payload.joint_org_ids]
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise NotFound("未找到所选单位。")
    services.proposal_assign(
        actor=request.user, proposal=p, lead=found[payload.lead_org_id], joint=[found[i] for i in payload.joint_org_ids]
    )
    return _proposal(request, pk)


@router.post(S + "/units/{pk}/draft", response=ProposalOut, auth=staff, summary="拟写答复（会办意见）")
def unit_draft(request: HttpRequest, pk: int, payload: ReplyDraftIn) -> dict[str, Any]:
    unit = selectors.unit_get_for_staff(actor=request.user, pk=pk)
    services.unit_draft(actor=request.user, unit=unit, reply=payload.reply)
    return _proposal(request, unit.proposal_id)


@router.post(
    S + "/units/{pk}/sign", response=ProposalOut, auth=staff, summary="签发答复（全部单位答复后建议提案转为已答复）"
)
def unit_sign(request: HttpRequest, pk: int, payload: SignIn) -> dict[str, Any]:
    unit = selectors.unit_get_for_staff(actor=request.user, pk=pk)
    services.unit_sign(actor=request.user, unit=unit, signed_by=payload.signed_by)
    return _proposal(request, unit.proposal_id)


@router.post(S + "/proposals/{pk}/evaluate", response=ProposalOut, auth=staff, summary="登记代表/委员满意度")
def proposal_evaluate(request: HttpRequest, pk: int, payload: EvaluateIn) -> dict[str, Any]:
    p = selectors.proposal_get_for_staff(actor=request.user, pk=pk)
    services.proposal_evaluate(actor=request.user, proposal=p, **payload.dict())
    return _proposal(request, pk)


@router.post(
    S + "/proposals/{pk}/publish", response=ProposalOut, auth=staff, summary="公开办理结果（全文或摘要，须经同意）"
)
def proposal_publish(request: HttpRequest, pk: int, payload: PublishReplyIn) -> dict[str, Any]:
    p = selectors.proposal_get_for_staff(actor=request.user, pk=pk)
    services.proposal_publish(actor=request.user, proposal=p, **payload.dict())
    return _proposal(request, pk)
