"""Forms of the 标准目录 back office: upload, item, binding, starting a draft."""

from __future__ import annotations

from django import forms

from gongkai.catalogs.services.versions import MAX_UPLOAD_BYTES
from gongkai.catalogs.vocab import AREA_CHOICES, CHANNELS, STAGE_CHOICES


class ImportForm(forms.Form):
    file = forms.FileField(
        label="标准目录Excel文件（.xlsx）",
        help_text="发布格式：每个领域一个工作表，两行表头；■/□ 标记渠道，√ 标记对象、方式、层级。",
        error_messages={"required": "请选择文件。"},
    )
    dry_run = forms.BooleanField(label="只预览，不导入", required=False, initial=True)
    publish = forms.BooleanField(label="导入后直接发布", required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只接受 .xlsx 文件。")
        return upload


class AreaForm(forms.Form):
    area = forms.ChoiceField(label="领域", choices=AREA_CHOICES)
    template = forms.BooleanField(label="从内置模板开始", required=False)


def _text(label: str, max_length: int, *, required: bool = False, rows: int = 0) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={"required": f"请填写{label}。", "max_length": f"{label}不能超过{max_length}字。"},
    )


class ItemForm(forms.Form):
    serial = _text("序号", 20)
    stage = forms.ChoiceField(label="过程（五公开）", choices=[("", "—"), *STAGE_CHOICES], required=False)
    level1 = _text("一级事项", 200, required=True)
    level2 = _text("二级事项", 200, required=True)
    content = _text("公开内容（要素）", 5000, rows=3)
    basis = _text("公开依据", 5000, rows=2)
    deadline_text = _text("公开时限", 500)
    manual_kind = forms.ChoiceField(
        label="人工确认时限（原文无法自动解析时）",
        required=False,
        choices=[
            ("", "按原文自动解析"),
            ("standing", "常态公开，无固定时限"),
            ("working_day", "N个工作日内"),
            ("calendar_day", "N日内"),
        ],
    )
    manual_days = forms.IntegerField(label="天数", required=False, min_value=1, max_value=3650)
    subject = _text("公开主体", 300)
    channels = forms.MultipleChoiceField(
        label="公开渠道和载体", choices=[(c, c) for c in CHANNELS], required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_public = forms.BooleanField(label="公开对象：全社会", required=False)
    audience_specific = forms.BooleanField(label="公开对象：特定群体", required=False)
    proactive = forms.BooleanField(label="公开方式：主动", required=False)
    on_request = forms.BooleanField(label="公开方式：依申请", required=False)
    county = forms.BooleanField(label="公开层级：县级", required=False)
    township = forms.BooleanField(label="公开层级：乡级", required=False)
    village = forms.BooleanField(label="公开层级：村级", required=False)
    withholding_ground = _text("不予公开依据（负面清单事项）", 2000, rows=2)


class BindForm(forms.Form):
    column = forms.TypedChoiceField(label="主动公开目录栏目", coerce=int, required=False, empty_value=None)
    new_column_name = _text("或新建栏目（名称）", 100)
    new_column_code = forms.RegexField(
        label="新栏目代码",
        regex=r"^[a-z0-9][a-z0-9-]{0,58}$",
        required=False,
        error_messages={"invalid": "只能包含小写字母、数字和连字符。"},
    )

    def __init__(self, *args: object, columns: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["column"].choices = [("", "（不关联）"), *(columns or [])]  # type: ignore[attr-defined]
