import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings.production")

logger = logging.getLogger(__name__)

application = get_wsgi_application()


def warm_up() -> None:
    """Import what the first request would otherwise import: the URLconf (every view, the
    ninja API and its schemas) and the search text pipeline with its dictionary. Touches
    neither the database nor the index, so it is safe before gunicorn forks."""
    from django.urls import get_resolver

    from gongkai.search.text import tokenize_query

    resolver = get_resolver()
    resolver.resolve("/")  # builds the resolver's lookup tables, which Django fills lazily
    tokenize_query("政务公开")


def warm_worker() -> None:
    """In each worker process: open the search index reader. An index that cannot be opened
    is logged, not fatal: pages still answer and /api/v1/ready reports it."""
    from gongkai.search import indexer

    try:
        documents = indexer.get_index().num_docs
    except Exception:
        logger.exception("search index could not be opened at worker start")
        return
    logger.info("worker %s warmed up: search index open (%s documents)", os.getpid(), documents)


warm_up()
