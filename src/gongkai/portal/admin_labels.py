"""Chinese names for the third-party apps the Django admin shows (django-axes, django-otp):
neither ships a Simplified Chinese translation, so the admin read "AXES / Access attempts".

Applied once from PortalConfig.ready(). Only the app's and the models' display names change:
the migration state reads a model's options from ``_meta.original_attrs``, so no migration
follows. Field names are left alone: a field's verbose_name is part of its deconstruction, and
changing it would make ``makemigrations`` want to alter the third-party apps.
"""

from django.apps import apps

_APPS = {"axes": "登录保护", "otp_totp": "两步验证（动态口令）", "django_otp": "两步验证"}

_MODELS = {
    "axes.AccessAttempt": "登录失败记录",
    "axes.AccessLog": "登录日志",
    "axes.AccessFailureLog": "登录失败日志",
    "axes.AccessAttemptExpiration": "锁定到期时间",
    "otp_totp.TOTPDevice": "动态口令设备",
}


def apply() -> None:
    for label, name in _APPS.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:
            continue
    for model_label, name in _MODELS.items():
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        model._meta.verbose_name = name
        model._meta.verbose_name_plural = name
