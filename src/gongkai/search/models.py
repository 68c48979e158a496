"""What admins manage around the index (synonyms, best bets, dictionary) and the indexer's cursor."""

from django.conf import settings
from django.db import models


class IndexCursor(models.Model):
    """How far the indexer has applied the outbox; one row per consumer."""

    name = models.CharField(max_length=50, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    # Scheduled publications become public without an event: the indexer also looks at what
    # was released since it last ran.
    released_until = models.DateTimeField(null=True, blank=True)
    # The engine's SCHEMA_VERSION of the index this cursor describes. An upgrade that changes
    # the schema opens a new, empty index directory: the indexer then rebuilds it from the
    # database instead of applying only the events after the cursor (see indexer.apply_pending).
    schema_version = models.PositiveSmallIntegerField("索引结构版本", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "索引进度"
        verbose_name_plural = "索引进度"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"


class SynonymGroup(models.Model):
    """Words a citizen and a document may use for the same thing (低保 ↔ 最低生活保障)."""

    terms = models.CharField("同义词（用空格或逗号分隔）", max_length=300)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "同义词组"
        verbose_name_plural = "同义词组"

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [t for t in self.terms.replace("，", " ").replace(",", " ").split() if t]


class BestBet(models.Model):
    """An item an admin pins to the top of the results for a query."""

    query = models.CharField("检索词", max_length=100)
    item_id = models.CharField("置顶条目（如 publication:42）", max_length=64)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "推荐结果"
        verbose_name_plural = "推荐结果"
        ordering = ["query", "position"]
        constraints = [models.UniqueConstraint(fields=["query", "item_id"], name="uniq_best_bet")]

    def __str__(self) -> str:
        return f"{self.query} → {self.item_id}"


class DomainTerm(models.Model):
    """A 政务 word the segmenter must keep whole (extends the shipped dictionary)."""

    term = models.CharField("词语", max_length=30, unique=True)

    class Meta:
        verbose_name = "领域词"
        verbose_name_plural = "领域词"

    def __str__(self) -> str:
        return self.term


class ZeroResultQuery(models.Model):
    """Queries that found nothing, for admins to add synonyms, best bets or content."""

    query = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "无结果检索"
        verbose_name_plural = "无结果检索"
        ordering = ["-count", "-last_seen"]

    def __str__(self) -> str:
        return f"{self.query} ({self.count})"


class VocabularyStamp(models.Model):
    """One row whose token changes whenever synonyms, best bets or domain terms change: each
    process compares it with the token it loaded instead of counting the vocabulary tables."""

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = "检索词表版本"
        verbose_name_plural = "检索词表版本"

    def __str__(self) -> str:
        return self.token
