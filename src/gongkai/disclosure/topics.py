"""The outbox topics of this app: what its services write in the transaction of a change, and
what readers of the outbox (the search indexer, the page cache's memos) react to."""

# A publication's public face changed: published, withdrawn, a new text, its validity or
# filing. The search index and the catalog counts of its org rely on it.
PUBLICATION_CHANGED = "publication.changed"
# A column of an org's 主动公开目录 was added or deleted.
CATALOG_CHANGED = "catalog.changed"
