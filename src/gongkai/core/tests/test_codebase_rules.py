"""Rules of design.md that the source itself must keep, checked on every run.

- A status field moves only through the transition engine (``core.transitions``): no code
  outside it assigns ``.state =`` or ``.status =`` (migrations and tests may).
- No module grows past 600 lines (generated test data excepted): a room that big holds
  several stages, and is split by stage and audience instead.
"""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
LIMIT = 600
# Data generated or transcribed for tests, not code anybody reads through.
GENERATED = {
    "reports/tests/samples.py",
    "search/tests/relevance/corpus.py",
    "privacy/tests/corpus/generate.py",
}
STATE_ASSIGNMENT = re.compile(r"\.(state|status)\s*=(?!=)")


def _sources() -> list[Path]:
    return [
        p
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts and "tests" not in p.parts and p.name != "conftest.py"
    ]


def test_status_fields_are_assigned_only_by_the_engine():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in _sources()
        if path.relative_to(PACKAGE).as_posix() != "core/transitions.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STATE_ASSIGNMENT.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


def test_no_module_exceeds_the_size_limit():
    too_long = {
        path.relative_to(PACKAGE).as_posix(): count
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and path.relative_to(PACKAGE).as_posix() not in GENERATED
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}


def test_the_checks_see_what_they_look_for(tmp_path):
    """The rules above are not vacuous: the scan finds a planted assignment and the package."""
    assert STATE_ASSIGNMENT.search("    publication.state = State.DRAFT")
    assert STATE_ASSIGNMENT.search("obj.status=1")
    assert not STATE_ASSIGNMENT.search("if obj.state == State.DRAFT:")
    assert any(p.name == "transitions.py" for p in _sources())
    assert len(_sources()) > 100
