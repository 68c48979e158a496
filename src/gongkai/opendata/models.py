"""Models of this app (empty until the module lands)."""
