from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from gongkai.core.models import OutboxEvent
        from gongkai.search.indexer import TOPICS, apply_after_commit

        # Inline indexing for the demo and small sites (GONGKAI_SEARCH_INLINE): the indexer runs
        # when a transaction that wrote an outbox event commits. Production runs
        # `gongkai search worker` instead, and web processes only read the index.
        def on_event(sender: type, instance: OutboxEvent, created: bool, **kwargs: object) -> None:
            if created and instance.topic in TOPICS:
                apply_after_commit()

        post_save.connect(on_event, sender=OutboxEvent, dispatch_uid="gongkai.search.inline_indexing", weak=False)
