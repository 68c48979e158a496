"""Forms of the 舆情 and press pages: Chinese labels, bounded fields. The rules (windows, routing,
dates relative to the event) live in the services; these only collect and bound the input."""

from collections.abc import Sequence
from typing import Any

from django import forms

from gongkai.opinion.models import Channel, Effect, Level, PressKind, Source, SpeakerRank

_DT = {"type": "datetime-local"}
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _dt(label: str, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DT_FORMATS,
        widget=forms.DateTimeInput(attrs=_DT, format="%Y-%m-%dT%H:%M"),
    )


class RegisterForm(forms.Form):
    title = forms.CharField(label="舆情主题", max_length=200)
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    source_detail = forms.CharField(label="来源说明或链接", max_length=500, required=False)
    first_seen_at = _dt("首次发现时间")
    level = forms.ChoiceField(label="舆情级别", choices=Level.choices)
    subject = forms.CharField(
        label="主管事项", max_length=40, required=False, help_text="按本单位分办规则自动确定责任单位（谁主管谁回应）。"
    )
    responsible_org = forms.ChoiceField(
        label="责任单位", required=False, help_text="不选则按主管事项分办；无分办规则的由本单位负责。"
    )
    related_orgs = forms.MultipleChoiceField(
        label="共享给相关单位", required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label="舆情摘要", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, orgs: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_org"].choices = [("", "按主管事项分办"), *orgs]  # type: ignore[attr-defined]
        self.fields["related_orgs"].choices = list(orgs)  # type: ignore[attr-defined]


class AssessForm(forms.Form):
    level = forms.ChoiceField(label="舆情级别（研判后）", choices=Level.choices)
    assessment = forms.CharField(label="研判意见", max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}))


class RespondForm(forms.Form):
    responded_at = _dt("回应时间")
    channel = forms.ChoiceField(label="回应渠道", choices=Channel.choices)
    publication_id = forms.IntegerField(
        label="公开信息编号",
        required=False,
        min_value=1,
        max_value=2**62,
        help_text="通过政府网站发布的，填写该信息的编号。",
    )
    press_id = forms.IntegerField(label="发布活动编号", required=False, min_value=1, max_value=2**62)
    response_text = forms.CharField(
        label="回应内容", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    response_url = forms.CharField(label="回应链接", max_length=500, required=False)


class CloseForm(forms.Form):
    effect = forms.ChoiceField(label="效果评估", choices=Effect.choices)
    effect_note = forms.CharField(
        label="说明", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrgIdsField(forms.MultipleChoiceField):
    """Org ids; the page fills the choices for display, the service checks each org exists."""

    def valid_value(self, value: Any) -> bool:
        text = str(value)
        return text.isdigit() and len(text) <= 18

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > 20:
            raise forms.ValidationError("最多选择20个单位。")


class ShareForm(forms.Form):
    org_ids = OrgIdsField(label="共享给", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, orgs: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_ids"].choices = list(orgs)  # type: ignore[attr-defined]


class WindowForm(forms.Form):
    level = forms.ChoiceField(label="舆情级别", choices=Level.choices)
    hours = forms.IntegerField(label="回应时限（小时）", help_text="1至720小时。")


class RouteForm(forms.Form):
    subject = forms.CharField(label="主管事项", max_length=40)
    responsible = forms.ChoiceField(label="责任单位")

    def __init__(self, *args: Any, orgs: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = list(orgs)  # type: ignore[attr-defined]


class PressForm(forms.Form):
    kind = forms.ChoiceField(label="形式", choices=PressKind.choices)
    title = forms.CharField(label="主题", max_length=200)
    planned_at = _dt("计划时间")
    venue = forms.CharField(label="地点或访谈平台", max_length=200, required=False)
    policy_id = forms.IntegerField(
        label="解读的政策文件编号",
        required=False,
        min_value=1,
        max_value=2**62,
        help_text="本机构或下属机构的政策文件（谁起草、谁解读）。",
    )


class SpeakerForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40, required=False)
    post = forms.CharField(label="职务", max_length=100, required=False)
    rank = forms.ChoiceField(label="身份", choices=[("", "—"), *SpeakerRank.choices], required=False)

    def has_speaker(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return bool(data.get("name") or data.get("post") or data.get("rank"))


SpeakerFormSet = forms.formset_factory(SpeakerForm, extra=3, max_num=20, validate_max=True, absolute_max=20)


class HoldForm(forms.Form):
    held_at = _dt("举行时间")
    transcript_html = forms.CharField(label="文字实录", max_length=200_000, widget=forms.Textarea(attrs={"rows": 10}))
    media_url = forms.CharField(label="音视频链接", max_length=500, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200)
