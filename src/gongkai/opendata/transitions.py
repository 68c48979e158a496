"""The state tables of open data.

Dataset: draft --edit (stay)--> draft; draft/published --add_resource (stay)--> itself;
draft --publish--> published (needs a resource); published --withdraw--> withdrawn;
withdrawn --republish--> published.
Access request (有条件开放): pending --approve--> approved; pending --reject--> rejected.
"""

from django.db import models

from gongkai.core.transitions import Transition, Workflow
from gongkai.opendata import permissions
from gongkai.opendata.models import AccessRequest, Dataset, DatasetState, RequestState


class Action(models.TextChoices):
    EDIT = "edit", "修改"
    ADD_RESOURCE = "add_resource", "添加资源"
    PUBLISH = "publish", "开放"
    WITHDRAW = "withdraw", "下线"
    REPUBLISH = "republish", "重新开放"


class RequestAction(models.TextChoices):
    APPROVE = "approve", "同意"
    REJECT = "reject", "不同意"


_EDIT_DENIED = "只有本单位起草人员或管理员可以编辑数据集。"
_PUBLISH_DENIED = "只有本单位签发人或管理员可以开放或下线数据集。"
D = DatasetState


def has_resources(dataset: Dataset) -> bool:
    return dataset.resources.exists()


DATASET: Workflow[Dataset] = Workflow(
    name="dataset",
    model=Dataset,
    states=DatasetState,
    visible=permissions.can_see_dataset,
    not_found="未找到该数据集。",
    lock_related=("org",),
    effects_module="gongkai.opendata.services",
    transitions=[
        Transition(
            Action.EDIT,
            Action.EDIT.label,
            frozenset({D.DRAFT}),
            None,
            permissions.can_edit_dataset,
            denied=_EDIT_DENIED,
        ),
        Transition(
            Action.ADD_RESOURCE,
            Action.ADD_RESOURCE.label,
            frozenset({D.DRAFT, D.PUBLISHED}),
            None,
            permissions.can_edit_dataset,
            denied=_EDIT_DENIED,
        ),
        Transition(
            Action.PUBLISH,
            Action.PUBLISH.label,
            frozenset({D.DRAFT}),
            D.PUBLISHED,
            permissions.can_publish_dataset,
            denied=_PUBLISH_DENIED,
            when=has_resources,
            when_fails="数据集没有资源，不能开放。",
        ),
        Transition(
            Action.WITHDRAW,
            Action.WITHDRAW.label,
            frozenset({D.PUBLISHED}),
            D.WITHDRAWN,
            permissions.can_publish_dataset,
            denied=_PUBLISH_DENIED,
        ),
        Transition(
            Action.REPUBLISH,
            Action.REPUBLISH.label,
            frozenset({D.WITHDRAWN}),
            D.PUBLISHED,
            permissions.can_publish_dataset,
            denied=_PUBLISH_DENIED,
            when=has_resources,
            when_fails="数据集没有资源，不能开放。",
        ),
    ],
)

REQUEST: Workflow[AccessRequest] = Workflow(
    name="data_request",
    model=AccessRequest,
    states=RequestState,
    visible=permissions.can_see_request,
    not_found="未找到该申请。",
    lock_related=("dataset", "dataset__org"),
    effects_module="gongkai.opendata.services",
    transitions=[
        Transition(
            RequestAction.APPROVE,
            RequestAction.APPROVE.label,
            frozenset({RequestState.PENDING}),
            RequestState.APPROVED,
            permissions.can_decide_request,
            denied="只有签发人或管理员可以审核申请。",
        ),
        Transition(
            RequestAction.REJECT,
            RequestAction.REJECT.label,
            frozenset({RequestState.PENDING}),
            RequestState.REJECTED,
            permissions.can_decide_request,
            denied="只有签发人或管理员可以审核申请。",
        ),
    ],
)
