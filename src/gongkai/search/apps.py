from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from gongkai.core.models import OutboxEvent
        from gongkai.search.indexer import TOPICS, apply_after_commit

        # Inline indexing (GONGKAI_SEARCH_INLINE): a transaction that wrote an outbox event queues
        # the index task when it commits (in-process without a broker, on a worker with one).
        # Without it, `gongkai search worker` or the scheduler's catch-up run applies the events.
        def on_event(sender: type, instance: OutboxEvent, created: bool, **kwargs: object) -> None:
            if created and instance.topic in TOPICS:
                apply_after_commit()

        post_save.connect(on_event, sender=OutboxEvent, dispatch_uid="gongkai.search.inline_indexing", weak=False)
