"""Back-office forms of 主动公开: they only parse input into the services' arguments; the rules
(the interpretation's scope included) live in the services, so the API obeys the same ones."""

from typing import Any

from django import forms

from gongkai.disclosure import public_reads, selectors
from gongkai.disclosure.models import (
    CatalogNode,
    Decision,
    DisclosureMode,
    InterpretationForm,
    Kind,
    Publication,
    Validity,
    WithholdingGround,
)
from gongkai.disclosure.services import Content
from gongkai.portal._shared import file_choice


def _date() -> forms.DateInput:
    # <input type=date> reads and writes ISO dates only: rendered in the locale's format
    # (2026/11/25) the browser shows an empty field, and saving the form wiped the date.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PublicationForm(forms.Form):
    title = forms.CharField(label="信息名称", max_length=300)
    kind = forms.ChoiceField(label="体裁", choices=Kind.choices)
    doc_number = forms.CharField(label="文号", required=False, max_length=64, help_text="如：赣府厅字〔2024〕15号")
    topic = forms.CharField(label="主题分类", required=False, max_length=100, help_text="如：综合政务\\政务公开")
    written_on = forms.DateField(label="成文日期", required=False, widget=_date())
    formed_on = forms.DateField(
        label="形成或变更日期", required=False, widget=_date(), help_text="自此日起20个工作日内公开（条例第二十六条）"
    )
    disclosure_mode = forms.ChoiceField(label="公开方式", choices=DisclosureMode.choices)
    withholding_ground = forms.ChoiceField(
        label="不予主动公开的理由", required=False, choices=[("", "—"), *WithholdingGround.choices]
    )
    keywords = forms.CharField(label="关键词", required=False, max_length=200)
    catalog_nodes = forms.ModelMultipleChoiceField(
        label="目录栏目", required=False, queryset=CatalogNode.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    is_major_policy = forms.BooleanField(label="重大政策（须同步解读）", required=False)
    interprets = forms.ModelChoiceField(label="所解读的政策", required=False, queryset=Publication.objects.none())
    interpretation_form = forms.ChoiceField(
        label="解读形式", required=False, choices=[("", "—"), *InterpretationForm.choices]
    )
    # A plain textarea that portal/editor.js turns into the rich-text editor when scripts run
    # (progressive enhancement); without them the clerk types paragraphs, one per line.
    body_html = forms.CharField(
        label="正文",
        required=False,
        max_length=2_000_000,
        help_text="可直接输入，每行一段；也可从Word文档导入。",
        widget=forms.Textarea(attrs={"rows": 16, "data-rich-editor": "publication"}),
    )

    def __init__(self, *args: Any, org: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalog_nodes"].queryset = CatalogNode.objects.filter(org=org).order_by("path")  # type: ignore[attr-defined]
        # The choices offered are the ones the service accepts (selectors.interpretable_policies).
        self.fields["interprets"].queryset = selectors.interpretable_policies(org)  # type: ignore[attr-defined]
        # The topics public items have, offered as the clerk types (the public lists filter by
        # them, a category with what is under it): one spelling per topic, not a new one each time.
        self.topics_in_use = public_reads.topics_in_use()
        self.fields["topic"].widget.attrs["list"] = "topics-in-use"

    def to_content(self) -> Content:
        data = self.cleaned_data
        return Content(
            title=data["title"],
            kind=data["kind"],
            body_html=data["body_html"],
            topic=data["topic"],
            doc_number=data["doc_number"],
            written_on=data["written_on"],
            formed_on=data["formed_on"],
            disclosure_mode=data["disclosure_mode"],
            withholding_ground=data["withholding_ground"],
            keywords=data["keywords"],
            is_major_policy=data["is_major_policy"],
            interprets_id=data["interprets"].pk if data["interprets"] else None,
            interpretation_form=data["interpretation_form"],
            catalog_node_ids=[n.pk for n in data["catalog_nodes"]],
        )

    @staticmethod
    def initial_from(content: Content) -> dict[str, Any]:
        return {
            "title": content.title,
            "kind": content.kind,
            "doc_number": content.doc_number,
            "topic": content.topic,
            "written_on": content.written_on,
            "formed_on": content.formed_on,
            "disclosure_mode": content.disclosure_mode,
            "withholding_ground": content.withholding_ground,
            "keywords": content.keywords,
            "catalog_nodes": content.catalog_node_ids,
            "is_major_policy": content.is_major_policy,
            "interprets": content.interprets_id,
            "interpretation_form": content.interpretation_form,
            "body_html": content.body_html,
        }


class WordImportForm(forms.Form):
    """The .docx upload on the publication form; the service checks size, type and content."""

    word_file = forms.FileField(
        label="从Word文档导入正文",
        help_text="上传.docx文件：正文、标题、文号和成文日期将预填到表单，请核对后保存。",
    )


class DecisionChoiceForm(forms.Form):
    """The old single review URL (…/decide/) names its action in a field; the dispatcher then
    parses the chosen action's own form from the same data."""

    decision = forms.ChoiceField(label="结论", choices=Decision.choices, widget=forms.RadioSelect)


class ApproveForm(forms.Form):
    opinion = forms.CharField(
        label="审核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    override_reason = forms.CharField(
        label="未同步解读的理由（重大政策）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    opinion = forms.CharField(
        label="退回理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label="定时发布时间（留空则立即发布）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    override_reason = forms.CharField(
        label="特批理由（发布前审查仍有问题时填写）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    changed_on = forms.DateField(label="失效/废止日期", required=False, widget=_date())
    replaced_by = forms.IntegerField(label="替代文件编号", required=False, min_value=1, max_value=2**63 - 1)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX、图片）")


class DetachForm(forms.Form):
    attachment = file_choice("要删除的附件", "已公开的附件在本版审核发布后才从公开页面撤下；文件留存备查。")


class TakeDownForm(forms.Form):
    attachment = file_choice("要撤下的附件", "立即从公开页面和站内检索中撤下（不必等下一版发布），文件留存备查。")
    reason = forms.CharField(label="撤下理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
