"""政府数据开放 (opendata)."""
