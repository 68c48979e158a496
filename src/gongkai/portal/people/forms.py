"""Forms of the people and org pages. They only shape input; the orgs services decide."""

from typing import Any

from django import forms

from gongkai.orgs.roles import Level, Role


def _org_choices(orgs: list[Any]) -> list[tuple[str, str]]:
    return [(str(o.pk), "　" * o.depth + o.name) for o in orgs]


class StaffForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录时使用，字母、数字或 @ . + - _")
    name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", max_length=254, required=False)
    org = forms.TypedChoiceField(label="所属机构", coerce=int)
    role = forms.ChoiceField(label="角色", choices=Role.choices)

    def __init__(self, *args: Any, orgs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = _org_choices(orgs)  # type: ignore[attr-defined]


class GrantForm(forms.Form):
    org = forms.TypedChoiceField(label="机构", coerce=int)
    role = forms.ChoiceField(label="角色", choices=Role.choices)

    def __init__(self, *args: Any, orgs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = _org_choices(orgs)  # type: ignore[attr-defined]


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label="新密码", max_length=128, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="再次输入新密码", max_length=128, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致。")
        return data


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        min_length=6,
        max_length=6,
        help_text="身份验证器应用上显示的6位数字。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class OrgForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40, required=False)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    parent = forms.TypedChoiceField(label="上级机构", coerce=int, required=False, empty_value=None)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18)
    slug = forms.CharField(label="站点标识", max_length=60, help_text="网址中使用，小写字母、数字和连字符")

    def __init__(self, *args: Any, orgs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "（无，顶级机构）"), *_org_choices(orgs)]  # type: ignore[attr-defined]


class OrgEditForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40, required=False)
    parent = forms.TypedChoiceField(label="上级机构", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, orgs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "（无，顶级机构）"), *_org_choices(orgs)]  # type: ignore[attr-defined]
