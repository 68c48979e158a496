from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from gongkai.participation.services import mailbox, ratings
        from gongkai.workdays.services import register_deadline_listener

        # A holiday schedule entered later moves stored reply and rectification deadlines.
        register_deadline_listener(mailbox.OWNER_LABEL, mailbox.on_deadlines_moved)
        register_deadline_listener(ratings.OWNER_LABEL, ratings.on_deadlines_moved)
