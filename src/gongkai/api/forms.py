"""Form tokens for the public write operations (mailbox, comments, ratings, registrations).

A client asks for a token before it submits, and sends it with the submission; a repeat of the
same submission (a retry after a lost answer) returns the first receipt. Only tokens this site
issued are accepted.
"""

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.core.form_tokens import issue_form_token

router = Router(tags=["forms"])


class FormTokenOut(Schema):
    token: str


@router.get("/forms/token", response=FormTokenOut, summary="获取公开表单令牌（防重复提交）")
def form_token(request: HttpRequest) -> dict[str, str]:
    return {"token": issue_form_token()}
