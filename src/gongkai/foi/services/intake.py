"""Intake: applications from the portal and those staff register (条例第二十九条、第三十一条).

Creating a case is not a transition (there is no state before it): it writes the application in
state 已登记, its receipt event and its stored due date, and audits ``foi.registered``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.form_tokens import is_issued_form_token
from gongkai.foi import permissions, selectors
from gongkai.foi.models import Application, Channel, Delivery, EventKind, IdType, InfoForm, State
from gongkai.foi.outcomes import APPLICANT_KIND_KEYS
from gongkai.foi.services import notifications
from gongkai.foi.services._common import add_event, next_serial, refresh_stored_clock, signed_in_user, snapshot
from gongkai.foi.services._common import today as _today
from gongkai.orgs.models import Organization
from gongkai.privacy.checksums import is_valid_credit_code, is_valid_id18
from gongkai.workdays import selectors as workdays

TRACKING_CODE_BYTES = 12  # the HMAC bytes a form token's code is drawn from (more than the code needs)


def new_tracking_code() -> str:
    """8 characters from 31 without look-alikes (about 40 bits). With the 登记号 asked as well,
    and the tracking form rate-limited, guessing is out of reach; only the hash is stored."""
    alphabet = selectors.TRACKING_CODE_ALPHABET
    return "".join(secrets.choice(alphabet) for _ in range(selectors.TRACKING_CODE_LENGTH))


def _code_from_bytes(data: bytes) -> str:
    alphabet = selectors.TRACKING_CODE_ALPHABET
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(selectors.TRACKING_CODE_LENGTH):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


# --------------------------------------------------------------------------- input


@dataclass
class Applicant:
    """条例第二十九条第（一）项: 姓名或者名称、身份证明、联系方式."""

    kind: str
    name: str
    id_type: str
    id_number: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass
class Request:
    """条例第二十九条第（二）（三）项: the information sought and the form wanted."""

    description: str
    info_form: str
    delivery: str
    doc_numbers: str = ""
    purpose: str = ""
    notify_sms: bool = False  # progress by SMS to the applicant's phone as well


@dataclass
class Receipt:
    """How and when the application arrived; 条例第三十一条 turns this into 收到申请之日."""

    channel: str
    submitted_on: datetime.date
    signed_on: datetime.date | None = None  # 挂号信 / 快递: 签收之日
    confirmed_on: datetime.date | None = None  # 平常信函、传真、电子邮件: 双方确认之日
    oral: bool = False


def receipt_date(receipt: Receipt) -> tuple[datetime.date, str]:
    """条例第三十一条: 收到申请之日 by channel, with the basis in words."""
    channel = receipt.channel
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return receipt.submitted_on, "当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）。"
    if channel == Channel.REGISTERED_MAIL:
        if receipt.signed_on is None:
            raise ValidationFailed(
                "以邮政、快递寄送的申请，须填写签收日期。", fields={"signed_on": ["请填写签收日期。"]}
            )
        return receipt.signed_on, "以邮政、快递等需签收的方式提交的，以签收之日为收到申请之日（第三十一条第（二）项）。"
    if channel == Channel.ORDINARY_MAIL:
        if receipt.confirmed_on is None:
            raise ValidationFailed(
                "平常信函须于收到当日与申请人确认，并填写确认日期。", fields={"confirmed_on": ["请填写确认日期。"]}
            )
        return (
            receipt.confirmed_on,
            "以平常信函等无需签收的方式提交的，以与申请人确认之日为收到申请之日（第三十一条第（二）项）。",
        )
    if channel in (Channel.FAX, Channel.EMAIL):
        if receipt.confirmed_on is None:
            raise ValidationFailed(
                "以传真、电子邮件提交的，须填写双方确认之日。", fields={"confirmed_on": ["请填写确认日期。"]}
            )
        return (
            receipt.confirmed_on,
            "通过互联网渠道或者政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）。",
        )
    if channel == Channel.ONLINE:
        return _online_receipt(receipt.submitted_on)
    if channel == Channel.TRANSFER:
        return receipt.submitted_on, "由其他机关转送，以本机关收到之日为收到申请之日。"
    raise ValidationFailed("申请渠道有误。", fields={"channel": ["请选择申请渠道。"]})


ONLINE_SAME_DAY = "same_day"
ONLINE_NEXT_WORKING_DAY = "next_working_day"


def online_receipt_rule() -> str:
    """第三十一条第（三）项 (互联网渠道: 以双方确认之日为收到申请之日) for a portal submission on a
    weekend or holiday: one rule for the whole deployment, ``settings.FOI_ONLINE_RECEIPT_RULE``.

    - ``same_day`` (default): the portal confirms receipt at once (registration number and
      tracking code), so that day is the day of receipt, whatever day it is. The 20 working days
      then count from the next working day. The safer reading: the agency is never later.
    - ``next_working_day``: receipt is confirmed on the first working day after a non-working
      day (the practice of agencies whose office confirms by hand)."""
    rule = str(getattr(settings, "FOI_ONLINE_RECEIPT_RULE", ONLINE_SAME_DAY))
    return rule if rule in (ONLINE_SAME_DAY, ONLINE_NEXT_WORKING_DAY) else ONLINE_SAME_DAY


def _online_receipt(submitted_on: datetime.date) -> tuple[datetime.date, str]:
    if online_receipt_rule() == ONLINE_NEXT_WORKING_DAY and not workdays.is_working_day(submitted_on):
        day = workdays.add_working_days(submitted_on, 1).date
        return (
            day,
            "通过网站于非工作日提交，以提交后第一个工作日为双方确认之日、收到申请之日（第三十一条第（三）项；"
            "本平台规则：FOI_ONLINE_RECEIPT_RULE=next_working_day）。",
        )
    return (
        submitted_on,
        "通过网站提交，系统即时确认收到，以双方确认之日为收到申请之日（第三十一条第（三）项）。",
    )


def _validate(applicant: Applicant, request: Request, *, today: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    for attr in ("name", "id_number", "contact_person", "phone", "email", "address", "postcode"):
        setattr(applicant, attr, (getattr(applicant, attr) or "").strip())
    request.description = (request.description or "").strip()
    request.doc_numbers = (request.doc_numbers or "").strip()
    request.purpose = (request.purpose or "").strip()
    if applicant.kind not in APPLICANT_KIND_KEYS:
        errors["applicant_kind"] = ["请选择申请人类型。"]
    if not applicant.name:
        errors["name"] = ["请填写申请人姓名或名称。"]
    if applicant.id_type not in IdType.values:
        errors["id_type"] = ["请选择身份证明类型。"]
    if not applicant.id_number:
        errors["id_number"] = ["请填写身份证明号码（第二十九条）。"]
    elif applicant.id_type == IdType.RESIDENT_ID and not is_valid_id18(applicant.id_number.upper(), today=today):
        errors["id_number"] = ["居民身份证号码无效，请核对。"]
    elif applicant.id_type == IdType.CREDIT_CODE and not is_valid_credit_code(applicant.id_number.upper()):
        errors["id_number"] = ["统一社会信用代码无效，请核对。"]
    if not (applicant.phone or applicant.email or applicant.address):
        errors["phone"] = ["请至少填写一种联系方式（电话、电子邮箱或通信地址）。"]
    if len(request.description) < 5:
        errors["description"] = ["请描述所需政府信息的名称、文号或者便于查询的其他特征（第二十九条）。"]
    if request.info_form not in InfoForm.values:
        errors["info_form"] = ["请选择信息的载体形式。"]
    if request.delivery not in Delivery.values:
        errors["delivery"] = ["请选择获取信息的方式。"]
    elif request.delivery == Delivery.MAIL and not applicant.address:
        errors["address"] = ["选择邮寄的，请填写通信地址。"]
    elif request.delivery == Delivery.EMAIL and not applicant.email:
        errors["email"] = ["选择电子邮件的，请填写电子邮箱。"]
    if request.notify_sms and not applicant.phone:
        errors["phone"] = ["选择短信提醒的，请填写联系电话。"]
    if errors:
        raise ValidationFailed("申请内容不完整或有误，请检查后重新提交。", code="application_invalid", fields=errors)


def _applicant_key(applicant: Applicant) -> str:
    ident = applicant.id_number.upper().replace(" ", "") or applicant.name
    return hashlib.sha256(f"{applicant.id_type}:{ident}".encode()).hexdigest()


def registration_number(year: int, serial: int) -> str:
    """登记号: YSQ-<year>-<serial>, per org and year of receipt; never reused."""
    return f"YSQ-{year}-{serial:04d}"


def create_application(
    *,
    actor: Actor | None,
    org: Organization,
    applicant: Applicant,
    request: Request,
    receipt: Receipt,
    submission_token: str | None,
    today: datetime.date,
    transferred_from: Application | None = None,
    code: str | None = None,
) -> tuple[Application, str]:
    _validate(applicant, request, today=today)
    received_on, basis = receipt_date(receipt)
    # An online application on a non-working day may count as received on the next working day
    # (online_receipt_rule); every other receipt date is one that has already happened.
    if receipt.submitted_on > today or (received_on > today and receipt.channel != Channel.ONLINE):
        raise ValidationFailed("收到日期不能晚于今天。", fields={"submitted_on": ["日期不能晚于今天。"]})
    if receipt.submitted_on > received_on:
        raise ValidationFailed("签收或确认日期不能早于提交日期。", fields={"confirmed_on": ["日期有误。"]})
    code = selectors.normalize_tracking_code(code or new_tracking_code())
    serial = next_serial(org, received_on.year, "registration")
    user = signed_in_user(actor)
    app = Application.objects.create(
        org=org,
        registration_number=registration_number(received_on.year, serial),
        year=received_on.year,
        serial=serial,
        tracking_hash=selectors.hash_tracking_code(code),
        submission_token=submission_token,
        state=State.REGISTERED,
        channel=receipt.channel,
        submitted_on=receipt.submitted_on,
        received_on=received_on,
        receipt_basis=basis,
        oral_record=receipt.oral or receipt.channel == Channel.ORAL,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        id_type=applicant.id_type,
        id_number=applicant.id_number.upper(),
        contact_person=applicant.contact_person,
        phone=applicant.phone,
        email=applicant.email,
        address=applicant.address,
        postcode=applicant.postcode,
        applicant_key=_applicant_key(applicant),
        description=request.description,
        doc_numbers=request.doc_numbers,
        purpose=request.purpose,
        info_form=request.info_form,
        delivery=request.delivery,
        notify_sms=bool(request.notify_sms and applicant.phone),
        registered_by=user,
        assigned_to=user,
        transferred_from=transferred_from,
    )
    add_event(app, EventKind.RECEIVED, received_on, actor, {"channel": receipt.channel})
    refresh_stored_clock(app, today)
    notifications.acknowledge(app)
    audit_record(
        actor=actor,
        action="foi.registered",
        obj=app,
        after={"channel": app.channel, "received_on": received_on.isoformat(), "state": app.state, **snapshot(app)},
    )
    return app, code


def _receipt_code(token: str) -> str:
    """The tracking code of a portal application, derived from its form token.

    The token is issued by this site and known only to the browser that holds the form, so a
    resubmission after a lost answer (a dropped connection, a timeout) can be given the same
    receipt again instead of a page that no longer knows the code. Only the hash is stored.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), f"foi-receipt:{token}".encode(), hashlib.sha256).digest()
    return _code_from_bytes(digest[:TRACKING_CODE_BYTES])


def receipt_of(*, org: Organization, application_id: int) -> tuple[Application, str]:
    """A portal application and its tracking code again, for the receipt page at its signed
    address (the caller checked the signature). The code is derived from the form token; an
    application without one (registered by staff) has no online receipt."""
    app = Application.objects.select_related("org").filter(pk=application_id, org=org).first()
    if app is None or not app.submission_token:
        raise NotFound("未找到该申请。")
    code = _receipt_code(app.submission_token)
    if not hmac.compare_digest(app.tracking_hash, selectors.hash_tracking_code(code)):
        raise NotFound("未找到该申请。")  # a code issued before issue 16 is not derived: no receipt
    return app, code


def _same_submission(app: Application, org: Organization, applicant: Applicant, request: Request) -> bool:
    return (
        app.org_id == org.pk
        and app.applicant_name == applicant.name.strip()
        and app.description == request.description.strip()
    )


class Submitted(NamedTuple):
    application: Application
    code: str | None  # the tracking code; None only for a repeat of a submission without a token
    created: bool


def application_submit(
    *,
    org: Organization,
    applicant: Applicant,
    request: Request,
    submission_token: str = "",
    today: datetime.date | None = None,
) -> Submitted:
    """An application from the portal form or the API. Returns it with its tracking code.

    With a form token (issued by this site: core.form_tokens), a second submission of the same
    application returns the first one with the same tracking code; the token reused for another
    application is a conflict that reveals nothing of the first. Without a token every call is a
    new application with a random code.
    """
    today = today or _today()
    token = submission_token.strip() or None
    if token is not None and not is_issued_form_token(token):
        raise ValidationFailed(
            "表单已失效，请刷新页面后重新提交。",
            code="token_invalid",
            fields={"submission_token": ["表单令牌无效。"]},
        )
    code = _receipt_code(token) if token else None

    def again(existing: Application) -> Submitted:
        if not _same_submission(existing, org, applicant, request):
            raise Conflict("该表单已经提交过，请刷新页面后重新填写。", code="token_reused")
        return Submitted(existing, code, False)

    if token:
        existing = Application.objects.filter(submission_token=token).first()
        if existing is not None:
            return again(existing)
    try:
        with transaction.atomic():
            app, new_code = create_application(
                actor=None,
                org=org,
                applicant=applicant,
                request=request,
                receipt=Receipt(Channel.ONLINE, today),
                submission_token=token,
                today=today,
                code=code,
            )
            return Submitted(app, new_code, True)
    except IntegrityError:
        # Two simultaneous POSTs of one form: the other one won the unique token.
        existing = Application.objects.filter(submission_token=token).first() if token else None
        if existing is None:
            raise
        return again(existing)


@transaction.atomic
def application_register(
    *,
    actor: Actor,
    org: Organization,
    applicant: Applicant,
    request: Request,
    receipt: Receipt,
    today: datetime.date | None = None,
) -> tuple[Application, str]:
    """Staff register an application received by letter, fax, e-mail, in person or orally."""
    if not permissions.can_handle(actor, org):
        raise PermissionDenied("您不是该机关的依申请公开经办人员。")
    if receipt.channel == Channel.TRANSFER:
        raise ValidationFailed("转来的申请由转送机关操作生成。", fields={"channel": ["请选择申请渠道。"]})
    return create_application(
        actor=actor,
        org=org,
        applicant=applicant,
        request=request,
        receipt=receipt,
        submission_token=None,
        today=today or _today(),
    )
