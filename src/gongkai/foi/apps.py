from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.foi.services import DEADLINE_OWNER, on_deadlines_moved
        from gongkai.workdays.services import register_deadline_listener

        register_deadline_listener(DEADLINE_OWNER, on_deadlines_moved)
