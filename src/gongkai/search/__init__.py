"""Full-text search (全文检索): the text pipeline and the embedded tantivy index.

Pure Python: importing this package does not import Django, so the pipeline, the index and
their tests work without the app being installed.
"""
