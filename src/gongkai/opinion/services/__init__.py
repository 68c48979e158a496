"""The only write path of the 舆情 ledger and press events. Importing it registers every effect."""

from gongkai.opinion.services.config import route_delete, route_set, window_set
from gongkai.opinion.services.events import (
    EventInput,
    event_assess,
    event_close,
    event_register,
    event_respond,
    event_share,
)
from gongkai.opinion.services.press import (
    PressInput,
    SpeakerInput,
    press_cancel,
    press_hold,
    press_plan,
    press_publish_transcript,
)

__all__ = [
    "EventInput",
    "PressInput",
    "SpeakerInput",
    "event_assess",
    "event_close",
    "event_register",
    "event_respond",
    "event_share",
    "press_cancel",
    "press_hold",
    "press_plan",
    "press_publish_transcript",
    "route_delete",
    "route_set",
    "window_set",
]
