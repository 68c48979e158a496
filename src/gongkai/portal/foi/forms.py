"""Forms of the 依申请公开 pages: the public application, tracking, staff registration, and one
form per back-office action (the data each service takes, validated before it is called)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.foi import services
from gongkai.foi.clock import MAX_EXTENSION_WORKING_DAYS, REPLY_WORKING_DAYS
from gongkai.foi.fees import FEE_METHOD_LABELS
from gongkai.foi.models import (
    AppealKind,
    AppealResult,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    FeeDelivery,
    IdType,
    InfoForm,
    VerticalSystem,
)
from gongkai.foi.outcomes import APPLICANT_KIND_LABELS, OUTCOME_CHOICES, WITHHOLDING_KEYS, outcome_get
from gongkai.foi.services.notices import MAX_REASONABLE_PERIOD, Verdict
from gongkai.portal._shared import file_choice


def _date(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    """A date typed as YYYY-MM-DD (the browser's date picker sends ISO dates)."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"invalid": "日期格式应为 YYYY-MM-DD。", "required": "请填写日期。"},
    )


def _text(label: str, *, required: bool = False, max_length: int = 300, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={"required": f"请填写{label}。"},
    )


def _days(label: str, lowest: int, highest: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=lowest,
        max_value=highest,
        error_messages={
            "required": "请填写工作日数。",
            "invalid": "请填写整数。",
            "min_value": f"应不少于{lowest}。",
            "max_value": f"应不超过{highest}。",
        },
    )


# --- public --------------------------------------------------------------------------------------


# Fields the applicant must fill (条例第二十九条). Several are optional to Django so that the
# service's own messages (which know the rule, e.g. "选择邮寄的，请填写通信地址") show beside them;
# they are marked for people and assistive technology alike (required, aria-required).
APPLY_REQUIRED = ("applicant_kind", "name", "id_type", "id_number", "description", "info_form", "delivery")


def mark_required(form: forms.Form, names: tuple[str, ...]) -> None:
    for name in names:
        form.fields[name].widget.attrs.update({"required": True, "aria-required": "true"})


def describe_errors(form: forms.Form) -> None:
    """Point each invalid field at its message (the message's id is set in _public_field.html)."""
    for name in form.errors:
        if name in form.fields:
            bound = form[name]
            ids = [f"{bound.auto_id}_error"]
            if form.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class ApplyForm(forms.Form):
    """条例第二十九条: 申请人、所需信息、形式要求. Field names as the service's errors name them."""

    applicant_kind = forms.ChoiceField(label="申请人类型", choices=list(APPLICANT_KIND_LABELS.items()))
    name = forms.CharField(label="姓名或名称", max_length=200, required=False)
    id_type = forms.ChoiceField(label="身份证明类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=64, required=False)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=100, required=False)
    phone = forms.CharField(
        label="联系电话",
        max_length=40,
        required=False,
        help_text="电话、电子邮箱、通信地址至少填写一项。",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label="电子邮箱",
        max_length=254,
        required=False,
        help_text="获取方式选择“电子邮件”的，答复书将发送到此邮箱。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    description = forms.CharField(
        label="所需政府信息的名称或内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text="请写明信息名称、文号，或便于查询的其他特征（条例第二十九条）。",
    )
    doc_numbers = forms.CharField(label="文号（如有）", max_length=200, required=False)
    purpose = forms.CharField(label="用途（可不填）", max_length=300, required=False)
    info_form = forms.ChoiceField(label="信息的载体形式", choices=InfoForm.choices)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)
    notify_sms = forms.BooleanField(
        label="同时以短信提醒办理进度（发送到上面的联系电话）", required=False, initial=False
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_required(self, APPLY_REQUIRED)

    def applicant(self) -> services.Applicant:
        d = self.cleaned_data
        return services.Applicant(
            d["applicant_kind"],
            d["name"],
            d["id_type"],
            d["id_number"],
            d["contact_person"],
            d["phone"],
            d["email"],
            d["address"],
            d["postcode"],
        )

    def request(self) -> services.Request:
        d = self.cleaned_data
        return services.Request(
            d["description"],
            d["info_form"],
            d["delivery"],
            d["doc_numbers"],
            d["purpose"],
            bool(d.get("notify_sms")),
        )


class RegisterForm(ApplyForm):
    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.TRANSFER])
    submitted_on = _date("提交日期", required=True)
    signed_on = _date("签收日期（邮寄）")
    confirmed_on = _date("双方确认日期（平常信函、传真、电子邮件）")

    field_order = ["channel", "submitted_on", "signed_on", "confirmed_on"]

    def receipt(self) -> services.Receipt:
        d = self.cleaned_data
        return services.Receipt(
            d["channel"], d["submitted_on"], d["signed_on"], d["confirmed_on"], d["channel"] == Channel.ORAL
        )


class TrackForm(forms.Form):
    number = forms.CharField(
        label="登记号",
        max_length=40,
        help_text="提交申请时获得，例如 2026-0001（前面的 YSQ 可不填）。",
        error_messages={"required": "请填写登记号。"},
    )
    code = forms.CharField(
        label="查询码",
        max_length=64,
        help_text="8位字母和数字，不区分大小写。",
        error_messages={"required": "请填写查询码。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_required(self, ("number", "code"))


class WithdrawForm(TrackForm):
    confirm = forms.BooleanField(
        label="我确认撤回本申请（撤回后本机关不再办理）",
        error_messages={"required": "请勾选确认撤回。"},
    )


# --- staff: one form per action ------------------------------------------------------------------


class OnForm(forms.Form):
    """Actions that only record the day they happened (empty: today)."""

    on = _date("日期", help_text="不填写则为今天。")


class NoteForm(OnForm):
    note = _text("说明", max_length=1000)


class CorrectionForm(OnForm):
    items = _text("补正事项（每行一项）", required=True, max_length=2000, rows=3)
    deadline = _date("补正期限", required=True)

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class ConsultationForm(OnForm):
    kind = forms.ChoiceField(label="征求意见对象", choices=ConsultationKind.choices)
    party_name = _text("被征求意见方", required=True, max_length=200)
    party_address = _text("送达地址或联系方式")
    matter = _text("涉及的信息", max_length=1000)


class ConsultationAnswerForm(OnForm):
    # An id, checked against the case by the page (another case's or a bad id is 404).
    consultation = forms.CharField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(label="意见结果", choices=ConsultationAnswer.choices)
    reasons = _text("意见及理由", max_length=2000)


class ExtensionForm(OnForm):
    working_days = _days("延长工作日数", 1, MAX_EXTENSION_WORKING_DAYS)
    reason = _text("延期理由", required=True, max_length=1000)


class ReasonsRequestForm(OnForm):
    """第三十五条: 要求说明理由 (a letter to the applicant with the date to answer by)."""

    note = _text("数量、频次明显超过合理范围的情况", required=True, max_length=1000)
    reply_by = _date("说明理由的期限", help_text="不填写则为告知之日起10个工作日。")


class RecordReasonsForm(OnForm):
    verdict = forms.ChoiceField(label="审查结论", choices=list(Verdict.LABELS.items()))
    reasons = _text("申请人说明的理由（摘录）", max_length=2000, rows=2)
    assessment = _text("认为理由不合理的依据", max_length=2000, rows=2)


class ReasonablePeriodForm(OnForm):
    working_days = _days("合理期限（工作日）", REPLY_WORKING_DAYS + 1, MAX_REASONABLE_PERIOD)
    reason = _text("理由", required=True, max_length=1000)


class ThirdPartyNoticeForm(OnForm):
    """第三十二条: 决定公开的，将决定公开的政府信息内容和理由书面告知第三方."""

    consultation = forms.IntegerField(
        label="征求意见记录编号（有多个不同意公开的第三方时填写）", required=False, min_value=1, max_value=2**62
    )
    reasons = _text("决定公开的理由", required=True, max_length=2000, rows=2)
    disclose_on = _date("公开日期", required=True)


class FeeDeliveryForm(forms.Form):
    delivered_on = _date("签收日期", required=True)


class FeeNoticeForm(OnForm):
    method = forms.ChoiceField(label="计收方式", choices=list(FEE_METHOD_LABELS.items()))
    quantity = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        max_value=1_000_000,
        error_messages={"required": "请填写件数或页数。", "min_value": "应不少于1。", "invalid": "请填写整数。"},
    )
    payment_method = _text("缴纳方式", required=True)
    delivery = forms.ChoiceField(label="送达方式", choices=FeeDelivery.choices)
    delivered_on = _date("双方确认日期（网上或电子邮件送达）", help_text="不填写则为发出之日。")


class ReplyDraftForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=OUTCOME_CHOICES)
    provision = _text("提供方式或获取途径")
    published_url = _text("已主动公开的链接", max_length=500)
    withheld_ground = forms.ChoiceField(
        label="部分公开时不予公开部分的依据",
        required=False,
        choices=[("", "—"), *((k, outcome_get(k).label) for k in WITHHOLDING_KEYS)],
    )
    reasons = _text("理由", max_length=2000, rows=2)
    responsible_agency = _text("负责公开的机关", max_length=200)
    responsible_contact = _text("其联系方式", max_length=200)
    legal_basis = _text("依据（“其他”时填写）")
    law_article = _text("禁止公开的法律、行政法规及条款（如《中华人民共和国统计法》第三十九条）", max_length=200)
    earlier_application = _text("重复申请：此前已答复申请的登记号", max_length=40)

    def details(self) -> services.ReplyDetails:
        return services.ReplyDetails(**self.cleaned_data)


class ReplyForm(OnForm):
    override_reason = _text("附件含个人信息仍须提供的理由", max_length=1000)


class TransferForm(OnForm):
    agency_name = _text("机关名称", max_length=200)
    agency_contact = _text("联系方式", max_length=200)
    to_org = forms.SlugField(label="平台上的机构标识（可选）", required=False)


class AssignForm(forms.Form):
    officer = forms.CharField(label="经办人账号", max_length=150)


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    filed_on = _date("提起日期", required=True)
    body = _text("复议机关或人民法院", required=True, max_length=200)
    case_number = _text("案号", max_length=100)
    note = _text("说明", max_length=1000)


class AppealDecisionForm(forms.Form):
    appeal = forms.CharField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label="审结结果", choices=[c for c in AppealResult.choices if c[0] != AppealResult.PENDING]
    )
    decided_on = _date("审结日期", required=True)


class ReplyAttachmentForm(forms.Form):
    file = forms.FileField(
        label="提供的政府信息（PDF、DOCX、XLSX、图片）",
        help_text="随答复书提供给申请人；上传后即检查其中的个人信息，网上获取或电子邮件方式的申请人在答复后可从查询页下载。",
    )


class ReplyAttachmentRemoveForm(forms.Form):
    attachment = file_choice("要删除的答复附件", "答复签发前可删除（如需换成去标识化后的文件）；删除后文件不再保留。")


class LetterEditForm(forms.Form):
    body = forms.CharField(label="正文（每段一行）", widget=forms.Textarea(attrs={"rows": 20}), strip=False)


class ReviewBodyForm(forms.Form):
    """行政复议法第二十七条 (垂直领导) or an override of the derived 复议机关, with its reason."""

    vertical_system = forms.ChoiceField(label="实行垂直领导的系统", choices=VerticalSystem.choices, required=False)
    body_name = _text("行政复议机关名称", required=True, max_length=200)
    reason = _text("设置理由", required=True, max_length=500)


class ReviewBodyClearForm(forms.Form):
    reason = _text("恢复默认的理由", required=True, max_length=500)
