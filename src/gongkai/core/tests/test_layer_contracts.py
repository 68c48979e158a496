"""The import-linter contracts of design.md "Layers" can fail, and the tree keeps them.

A contract that an import breaking its rule does not fail is not a contract. So for each contract
in pyproject.toml, a copy of the source tree gets probe imports that break it (every source
module importing every forbidden module), and ``lint-imports`` run on the copy, with the same
config file, must fail and name the contract and each probe. The untouched tree must pass.

Also checked here: each domain app has its own contract against the other domain apps'
models (so a new app cannot be forgotten), and nothing below portal/api spells a portal URL
name (``reverse("portal:…")``): it asks ``core.urls.public_url`` instead.
"""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # src/gongkai
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Top-level packages that are not domain apps (design.md "Layers"); any other package with
# models is a domain app and needs a "domain-<app>" contract.
BASE = {"core", "orgs", "workdays", "privacy", "notify"}
READING = {"reports", "search", "supervision"}
TOP = {"portal", "api"}
NOT_DOMAIN = BASE | READING | TOP | {"config"}

# The layers contract is an order, not a list of pairs: one probe from a low layer upwards.
LAYERS_PROBES = {"gongkai.core": ["gongkai.orgs"], "gongkai.orgs": ["gongkai.disclosure"]}


def _contracts() -> list[dict[str, Any]]:
    with PYPROJECT.open("rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


CONTRACTS = {c["id"]: c for c in _contracts()}


def _probes(contract: dict[str, Any]) -> dict[str, list[str]]:
    """{source module: modules it must not import} for one contract."""
    if contract["type"] == "layers":
        return LAYERS_PROBES
    return {source: list(contract["forbidden_modules"]) for source in contract["source_modules"]}


def _lint(cwd: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "1000"}  # no wrapped lines in the report
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(PYPROJECT), "--no-cache", "--no-logo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package's Python sources (the graph needs nothing else)."""
    root = tmp_path_factory.mktemp("tree")

    def skip(directory: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or (Path(directory, n).is_file() and not n.endswith(".py"))}

    shutil.copytree(PACKAGE, root / "gongkai", ignore=skip)
    return root


def _plant(root: Path, source: str, imports: list[str]) -> None:
    """Make `source` import each of `imports`: a new module in a package, a line in a module."""
    lines = "".join(f"import {name}  # probe\n" for name in imports)
    path = root.joinpath(*source.split("."))
    if path.is_dir():
        (path / "_probe.py").write_text(lines, encoding="utf-8")
    else:
        module = path.with_suffix(".py")
        module.write_text(module.read_text(encoding="utf-8") + "\n" + lines, encoding="utf-8")


def test_the_untouched_tree_keeps_every_contract(tmp_path):
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize("contract_id", sorted(CONTRACTS))
def test_a_probe_import_breaks_the_contract(contract_id, tree_copy, tmp_path):
    contract = CONTRACTS[contract_id]
    probes = _probes(contract)
    saved = {
        p: p.read_text(encoding="utf-8")
        for source in probes
        if (p := tree_copy.joinpath(*source.split(".")).with_suffix(".py")).is_file()
    }
    try:
        for source, imports in probes.items():
            _plant(tree_copy, source, imports)
        result = _lint(tmp_path, "--contract", contract_id, pythonpath=tree_copy)
    finally:
        for path in tree_copy.rglob("_probe.py"):
            path.unlink()
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"{contract['name']} BROKEN" in out
    # The copy was linted, not the installed tree: every planted import is named.
    for source, imports in probes.items():
        for name in imports:
            assert re.search(rf"{re.escape(source)}(\._probe)? -> {re.escape(name)} \(l\.\d+\)", out), (source, name)


def test_every_domain_app_has_its_contract():
    """A new domain app (catalogs, inspection, opinion ...) must get a contract of its own, and
    its models must be forbidden to the other domain apps and to the reading apps."""
    apps = {p.parent.name for p in PACKAGE.glob("*/models.py")}
    domain = sorted(apps - NOT_DOMAIN)
    assert {"disclosure", "foi", "participation"} <= set(domain)
    for app in domain:
        contract = CONTRACTS.get(f"domain-{app}")
        assert contract is not None, f"pyproject.toml: add a forbidden contract domain-{app}"
        assert contract["source_modules"] == [f"gongkai.{app}"]
        others = {f"gongkai.{other}.models" for other in domain if other != app}
        assert set(contract["forbidden_modules"]) == others, app
        assert contract.get("allow_indirect_imports") is True
    reading = CONTRACTS["reading-layer"]
    assert set(reading["forbidden_modules"]) == {f"gongkai.{app}.models" for app in domain}
    existing_reading = {p.name for p in PACKAGE.iterdir() if p.name in READING}
    assert set(reading["source_modules"]) == {f"gongkai.{app}" for app in existing_reading}
    # Every top-level package and module below portal/api is a source of the top-layer contract.
    below_top = {
        f"gongkai.{p.stem}"
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists() and p.name not in TOP)
        or (p.suffix == ".py" and p.stem != "__init__")
    }
    assert set(CONTRACTS["top-layer"]["source_modules"]) == below_top


PORTAL_REVERSE = re.compile(r"""reverse(_lazy)?\(\s*["']portal:""")


def test_nothing_below_the_portal_spells_its_url_names():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in TOP and "tests" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PORTAL_REVERSE.search(line)
    ]
    assert offenders == [], "use gongkai.core.urls.public_url(kind, ...) and register the kind in portal/apps.py"
    assert PORTAL_REVERSE.search('url = reverse("portal:publication", args=[1])')
    assert PORTAL_REVERSE.search("reverse_lazy( 'portal:home')")
