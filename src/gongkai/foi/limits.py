"""Per-address limits on the public 依申请公开 endpoints, shared by the portal and the API (the
same django-ratelimit groups, so a client cannot double its budget by switching between them)."""

APPLY_RATE = "5/h"  # applications (group "foi-apply")
TRACK_RATE = "30/h"  # tracking, withdrawal and letter tries: what guessing a code would need (group "foi-track")
