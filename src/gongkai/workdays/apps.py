from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = "工作日"

    def ready(self) -> None:
        from django.core.signals import request_started

        from gongkai.workdays.loader import recheck_soon

        # Each web request compares the calendar's version token once, at its first use,
        # so a schedule saved in one worker is seen by every worker from its next request.
        request_started.connect(recheck_soon, dispatch_uid="gongkai.workdays.recheck_soon")
