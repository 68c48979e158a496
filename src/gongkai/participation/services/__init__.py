"""The only write path of 公众参与. One module per part; everything is re-exported here."""

from gongkai.participation.services.consultations import (
    ConsultationInput,
    comment_decide,
    comment_moderate,
    comment_register,
    comment_submit,
    consultation_attach,
    consultation_create,
    consultation_detach,
    consultation_open,
    consultation_publish_feedback,
    consultation_update,
    consultation_withdraw,
)
from gongkai.participation.services.events import (
    EventInput,
    ImportResult,
    event_create,
    event_import,
    event_register,
    event_report_publish,
    event_update,
)
from gongkai.participation.services.mailbox import (
    message_dismiss,
    message_follow_up,
    message_rate,
    message_reply,
    message_review,
    message_route,
    message_submit,
)
from gongkai.participation.services.ratings import (
    rating_submit,
    rectification_close,
    rectification_follow_up,
)
from gongkai.participation.services.settings import settings_save

__all__ = [
    "ConsultationInput",
    "EventInput",
    "ImportResult",
    "comment_decide",
    "comment_moderate",
    "comment_register",
    "comment_submit",
    "consultation_attach",
    "consultation_create",
    "consultation_detach",
    "consultation_open",
    "consultation_publish_feedback",
    "consultation_update",
    "consultation_withdraw",
    "event_create",
    "event_import",
    "event_register",
    "event_report_publish",
    "event_update",
    "message_dismiss",
    "message_follow_up",
    "message_rate",
    "message_reply",
    "message_review",
    "message_route",
    "message_submit",
    "rating_submit",
    "rectification_close",
    "rectification_follow_up",
    "settings_save",
]
