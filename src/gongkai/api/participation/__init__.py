"""公众参与 through the API: consultations and comments, the mailbox and its public reply wall,
好差评, open-day events — public reads and forms, and every staff action. One router per area.

Public answers never carry the personal data of writers, commenters, raters or participants.
Public form endpoints take the same idempotency token as the portal forms (`token`: a double
submit answers with the first record, 200 instead of 201) and share their per-address rate limit
(429, code `rate_limited`). Staff answers about a consultation, a comment or a message carry
`actions`: the next steps the caller may take, from the same state table the services apply.
"""

from ninja import Router

from gongkai.api.participation import consultations, events, mailbox, ratings

router = Router(tags=["participation"])
router.add_router("", consultations.router)
router.add_router("", mailbox.router)
router.add_router("", ratings.router)
router.add_router("", events.router)

# The operation ids clients were generated from stay those of the single module this package
# replaced (gongkai_api_participation_<view>), not the area module's.
for _area in (consultations, mailbox, ratings, events):
    for _path in _area.router.path_operations.values():
        for _operation in _path.operations:
            _operation.operation_id = (
                _operation.operation_id or f"gongkai_api_participation_{_operation.view_func.__name__}"
            )
