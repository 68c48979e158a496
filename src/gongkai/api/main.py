from gongkai.api import (
    catalogs,
    decisions,
    disclosure,
    foi,
    forms,
    gazette,
    guides,
    health,
    inspection,
    opendata,
    opinion,
    orgs,
    participation,
    reports,
    search,
    supervision,
)
from gongkai.api.errors import install_error_handlers
from gongkai.api.problems import ProblemAPI

api = ProblemAPI(
    title="Gongkai 政务公开平台 API",
    version="1",
    description=(
        "公开接口无需认证；工作人员接口使用 `Authorization: Bearer <令牌>`。"
        "错误一律以 application/problem+json 返回，含机器可读的 code。"
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("", health.router)
api.add_router("", forms.router)
api.add_router("", orgs.router)
api.add_router("", disclosure.router)
api.add_router("", foi.router)
api.add_router("", participation.router)
api.add_router("", search.router)
api.add_router("", reports.router)
api.add_router("", catalogs.router)
api.add_router("", inspection.router)
api.add_router("", supervision.router)
api.add_router("", opinion.router)
api.add_router("", decisions.router)
api.add_router("", guides.router)
api.add_router("", gazette.router)
api.add_router("", opendata.router)
