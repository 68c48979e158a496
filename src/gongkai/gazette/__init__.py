"""政府公报 (gazette)."""
