"""依申请公开 API for the public: apply, track with the code, the fee calculator."""

from typing import Any, ClassVar

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Query, Router, Status

from gongkai.api.foi.schemas import ApplyOut, FeeOut, PublicApplyIn, TrackOut
from gongkai.core.errors import ApplicationError, ValidationFailed
from gongkai.foi import selectors, services
from gongkai.foi.fees import MAX_ALREADY_THIS_MONTH, MAX_QUANTITY, FeeError, fee_quote
from gongkai.foi.limits import APPLY_RATE, TRACK_RATE
from gongkai.orgs import selectors as org_selectors

router = Router(tags=["foi"])


class TooManyRequests(ApplicationError):
    http_status: ClassVar[int] = 429
    default_code: ClassVar[str] = "rate_limited"
    default_message: ClassVar[str] = "提交过于频繁，请稍后再试。"


@router.post(
    "/foi/{org_slug}/applications",
    response={201: ApplyOut, 200: ApplyOut},
    summary="提交政府信息公开申请（同一 submission_token 重复提交只生成一件；同一地址每小时限5次）",
)
def public_apply(request: HttpRequest, org_slug: str, payload: PublicApplyIn) -> Status[dict[str, Any]]:
    org = org_selectors.organization_by_slug(org_slug)
    if is_ratelimited(request, group="foi-apply", key="ip", rate=APPLY_RATE, method="POST", increment=True):
        raise TooManyRequests("提交过于频繁：同一网络地址每小时最多提交5件申请，请稍后再试。")
    app, code, created = services.application_submit(
        org=org,
        applicant=services.Applicant(**payload.applicant.dict()),
        request=services.Request(**payload.request.dict()),
        submission_token=payload.submission_token,
    )
    body = {
        "registration_number": app.registration_number,
        "tracking_code": code,
        "received_on": app.received_on,
        "due_on": app.due_on,
        "repeated_submission": not created,
    }
    return Status(201 if created else 200, body)


@router.get(
    "/foi/{org_slug}/track/{code}",
    response=TrackOut,
    summary="凭登记号和查询码查询办理进度（只显示状态和日期，不含个人信息；同一地址每小时限30次）",
)
def public_track(
    request: HttpRequest,
    org_slug: str,
    code: str,
    number: str = Query(..., min_length=1, max_length=40, description="登记号，如 YSQ-2026-0001 或 2026-0001"),
) -> dict[str, Any]:
    # The 8-character code alone (about 40 bits) is not enough against guessing: the number is
    # asked too, and tries share the portal's per-address budget (group "foi-track").
    if is_ratelimited(request, group="foi-track", key="ip", rate=TRACK_RATE, increment=True):
        raise TooManyRequests("查询过于频繁：同一网络地址每小时最多查询30次，请稍后再试。")
    org = org_selectors.organization_by_slug(org_slug)
    status = selectors.track(org=org, code=code, number=number)
    data = dict(status.__dict__)
    data["events"] = [{"on": on, "label": label} for on, label in status.events]
    return data


@router.get("/foi/fees/quote", response=FeeOut, summary="信息处理费计算（国办函〔2020〕109号，按件或按量）")
def fee_calculator(
    request: HttpRequest,
    method: str = Query(..., max_length=20, description="by_piece（按件）或 by_page（按量）"),
    quantity: int = Query(..., ge=0, le=MAX_QUANTITY, description=f"件数或页数，0至{MAX_QUANTITY}"),
    already_this_month: int = Query(
        0, ge=0, le=MAX_ALREADY_THIS_MONTH, description=f"按件：本自然月此前已申请件数，0至{MAX_ALREADY_THIS_MONTH}"
    ),
) -> dict[str, Any]:
    try:
        quote = fee_quote(method, quantity, already_this_month=already_this_month)
    except FeeError as exc:
        field = "method" if "收费方式" in str(exc) else "quantity"
        raise ValidationFailed(str(exc), fields={field: [str(exc)]}) from None
    return {
        "method": quote.method.value,
        "quantity": quote.quantity,
        "already_this_month": quote.already,
        "amount": quote.amount,
        "explanation": quote.explanation,
    }
