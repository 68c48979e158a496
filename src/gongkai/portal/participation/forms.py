"""Forms of the 公众参与 pages: the public forms, and one form per back-office action.

Labels are what the clerk reads; numbers carry their ranges, so a form refuses what the
service would refuse before it is called. Ids typed into a form (the unit a message is routed
to) are checked by the service's look-up: an unknown one is *not found*.
"""

from typing import Any

from django import forms

from gongkai.orgs.models import Organization
from gongkai.participation import services
from gongkai.participation.models import (
    Adoption,
    Channel,
    DraftType,
    EventForm,
    MessageCategory,
    Moderation,
    RatingLevel,
    RectificationResult,
    Satisfaction,
    ServiceChannel,
)
from gongkai.portal._shared import file_choice

DATE = forms.DateInput(attrs={"type": "date"})


# --- public ----------------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CommentForm(TokenForm):
    paragraph = forms.TypedChoiceField(label="针对段落（可选）", required=False, coerce=int, empty_value=None)
    body = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    author_name = forms.CharField(label="姓名", required=False, max_length=100)
    author_contact = forms.CharField(
        label="联系方式", required=False, max_length=100, help_text="仅供工作人员联系，不公开"
    )

    def __init__(self, *args: Any, paragraphs: int, identity_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["paragraph"]
        field.choices = [("", "整体意见"), *[(str(n), f"第{n}段") for n in range(1, paragraphs + 1)]]  # type: ignore[attr-defined]
        for name in ("author_name", "author_contact"):
            self.fields[name].required = identity_required


class MessageForm(TokenForm):
    category = forms.ChoiceField(label="类别", choices=MessageCategory.choices)
    subject = forms.CharField(label="主题", max_length=100)
    body = forms.CharField(label="留言内容", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    wants_public = forms.BooleanField(
        label="同意在答复公开栏公开（公开时隐去姓名和联系方式等个人信息）", required=False, initial=True
    )
    writer_name = forms.CharField(label="姓名", max_length=50)
    writer_phone = forms.CharField(label="联系电话", required=False, max_length=30)
    writer_email = forms.EmailField(label="电子邮箱", required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label="留言编号", max_length=20)
    secret = forms.CharField(label="查询密码", max_length=40, widget=forms.PasswordInput(render_value=True))


class RateForm(TrackForm):
    satisfaction = forms.ChoiceField(label="您对答复的评价", choices=Satisfaction.choices, widget=forms.RadioSelect)


class RatingForm(TokenForm):
    level = forms.TypedChoiceField(label="评价", choices=RatingLevel.choices, coerce=int, widget=forms.RadioSelect)
    service_name = forms.CharField(label="办理事项（可选）", required=False, max_length=200)
    channel = forms.ChoiceField(label="服务渠道", choices=ServiceChannel.choices)
    comment = forms.CharField(label="评价内容（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    rater_name = forms.CharField(label="姓名（可选，实名差评将回访）", required=False, max_length=50)
    rater_phone = forms.CharField(label="联系电话（可选）", required=False, max_length=30)


class RegistrationForm(TokenForm):
    participant_name = forms.CharField(label="姓名", max_length=50)
    participant_phone = forms.CharField(label="联系电话", max_length=30)
    participant_unit = forms.CharField(label="身份或单位（可选）", required=False, max_length=100)


# --- staff: consultations ------------------------------------------------------------------------


class ConsultationForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    draft_type = forms.ChoiceField(label="文件类型（决定法定最短征求意见期限）", choices=DraftType.choices)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)
    ends_note = forms.CharField(label="截止时间说明（可选）", required=False, max_length=100)
    shortened_reason = forms.CharField(
        label="期限缩短的理由（少于法定最短期限时必填，向社会公开）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notice_html = forms.CharField(label="征求意见公告", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    draft_html = forms.CharField(label="征求意见稿正文", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    explanation_html = forms.CharField(label="起草说明", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    channels = forms.CharField(
        label="其他提交渠道（信函、传真、电子邮件）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accepts_online = forms.BooleanField(label="接受网上提交", required=False, initial=True)
    identity_required = forms.BooleanField(label="网上提交须填写姓名和联系方式", required=False)

    def to_input(self) -> services.ConsultationInput:
        return services.ConsultationInput(**self.cleaned_data)


class AttachForm(forms.Form):
    file = forms.FileField(label="文件（征求意见稿、起草说明：PDF、DOCX、XLSX、图片）")


class DetachForm(forms.Form):
    attachment = file_choice("要删除的附件", "发布前可删除。")


class RegisterCommentForm(forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[c for c in Channel.choices if c[0] != Channel.PORTAL])
    received_on = forms.DateField(label="收到日期", widget=DATE)
    author_name = forms.CharField(label="来件人或单位", required=False, max_length=100)
    author_contact = forms.CharField(label="联系方式", required=False, max_length=100)
    paragraph = forms.IntegerField(label="针对段落（可选）", required=False, min_value=1, max_value=10000)
    body = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class FeedbackForm(forms.Form):
    note = forms.CharField(label="总体说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    final_publication_id = forms.IntegerField(
        label="正式文件的公开信息编号（可选）", required=False, min_value=1, max_value=2**62
    )
    final_document_title = forms.CharField(label="正式文件名称（可选）", required=False, max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ModerateForm(forms.Form):
    moderation = forms.ChoiceField(label="审核", choices=[c for c in Moderation.choices if c[0] != Moderation.PENDING])
    note = forms.CharField(label="说明", required=False, max_length=200)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="采纳情况", choices=Adoption.choices)
    reason = forms.CharField(label="理由", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


# --- staff: mailbox ------------------------------------------------------------------------------


class RouteForm(forms.Form):
    # An id; the page offers the mailbox org's subtree (set on the widget), the service checks it.
    handling_org = forms.IntegerField(label="办理单位", min_value=1, max_value=2**62, widget=forms.Select)
    note = forms.CharField(label="转办意见", required=False, max_length=500)

    def offer(self, targets: list[Organization], current: int | None) -> "RouteForm":
        self.fields["handling_org"].widget.choices = [(o.pk, o.name) for o in targets]
        self.initial["handling_org"] = current
        return self


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复内容（提交后送审核）", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class ReturnForm(forms.Form):
    note = forms.CharField(label="修改意见", max_length=500)


class ReleaseForm(forms.Form):
    show_on_wall = forms.BooleanField(
        label="在答复公开栏显示（同意公开的，去标识化后显示）", required=False, initial=True
    )
    # Pre-filled with the masked copies the wall would show; the reviewer removes what no scanner
    # finds (a third party's name in running text) before approving.
    public_subject = forms.CharField(label="公开主题（已去标识化，可修改）", required=False, max_length=100)
    public_body = forms.CharField(
        label="公开留言内容（已去标识化，可修改）",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_reply = forms.CharField(
        label="公开答复内容（已去标识化，可修改）",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(label="审核意见", required=False, max_length=500)


class ReviewForm(forms.Form):
    """The combined review form of earlier pages (通过 or 退回 in one form); kept for its URL."""

    approve = forms.TypedChoiceField(
        label="审核结论", choices=[("1", "通过"), ("0", "退回修改")], coerce=lambda v: v == "1"
    )
    show_on_wall = forms.BooleanField(label="在答复公开栏显示", required=False)
    note = forms.CharField(label="审核意见", required=False, max_length=500)


class FollowUpForm(forms.Form):
    note = forms.CharField(label="回访记录", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.CharField(label="新的答复", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class DismissForm(forms.Form):
    reason = forms.CharField(label="不予受理的理由", max_length=200)


# --- staff: 好差评 and events ------------------------------------------------------------------------


class RectificationFollowUpForm(forms.Form):
    note = forms.CharField(label="回访情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RectificationCloseForm(forms.Form):
    result = forms.ChoiceField(label="整改结果", choices=RectificationResult.choices)
    note = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class EventImportForm(forms.Form):
    org = forms.ModelChoiceField(label="机构（主办单位须为其本身或下属机构）", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    file = forms.FileField(label="活动安排表（.xlsx 或 .csv，列：月份、活动主题、主办单位、活动形式）")


class EventPartForm(forms.Form):
    """Which of the event page's two forms was sent."""

    part = forms.ChoiceField(choices=[("edit", "活动安排"), ("report", "举办情况")], widget=forms.HiddenInput)


class EventEditForm(forms.Form):
    held_on = forms.DateField(label="举办日期", required=False, widget=DATE)
    location = forms.CharField(label="地点", required=False, max_length=200)
    capacity = forms.IntegerField(label="名额", required=False, min_value=1, max_value=100000)
    form = forms.ChoiceField(label="活动形式", choices=EventForm.choices)
    registration_open = forms.BooleanField(label="开放报名", required=False)


class EventReportForm(forms.Form):
    report_html = forms.CharField(label="举办情况", widget=forms.Textarea(attrs={"rows": 8}))
    participant_count = forms.IntegerField(label="参加人数", required=False, min_value=0, max_value=1000000)
