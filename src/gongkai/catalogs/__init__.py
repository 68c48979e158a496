"""标准目录: the 26-area 基层政务公开标准目录 — items, 公开时限 rules, binding to columns, coverage."""
