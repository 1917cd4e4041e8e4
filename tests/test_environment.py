"""environment.yml (for conda users) mirrors pyproject.toml, with the pins of constraints.txt."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from analysis.config import PROJECT_ROOT

NOT_PACKAGES = {"python", "pip"}


def normalise(name: str) -> str:
    """PEP 503 name: lower case, runs of ``-``, ``_`` and ``.`` become one ``-``."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def requirement_name(requirement: str) -> str:
    """Distribution name of a PEP 508 requirement such as ``pandas[pyarrow]>=2; python<4``."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, f"cannot read a package name from {requirement!r}"
    return normalise(match.group(1))


def pyproject_requirements() -> dict[str, set[str]]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = project["project"]
    return {
        "dependencies": {requirement_name(r) for r in project["dependencies"]},
        "test extra": {requirement_name(r) for r in project["optional-dependencies"]["test"]},
    }


def environment_pins() -> dict[str, str | None]:
    """Package -> pinned version (None when unpinned) from the conda and pip sections."""
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins: dict[str, str | None] = {}
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            for spec in entry.get("pip", []):
                if spec.startswith("-"):  # "-e .", "-r file", options
                    continue
                name, _, version = spec.partition("==")
                pins[requirement_name(name)] = version.strip() or None
        else:
            name, _, version = str(entry).partition("=")
            pins[normalise(name)] = version.lstrip("=").strip() or None
    return pins


def constraint_pins() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"constraints.txt line is not an exact pin: {line!r}"
            pins[normalise(name)] = version.strip()
    return pins


def test_normalise():
    assert normalise("PyYAML") == "pyyaml"
    assert normalise("python_dateutil") == normalise("python-dateutil") == "python-dateutil"
    assert requirement_name("markdown-it-py[linkify]>=3; python_version>'3.10'") == "markdown-it-py"


@pytest.mark.parametrize("group", ["dependencies", "test extra"])
def test_every_pyproject_requirement_is_in_environment_yml(group):
    missing = sorted(pyproject_requirements()[group] - set(environment_pins()))
    assert not missing, f"in pyproject.toml ({group}) but not in environment.yml: {missing}"


@pytest.mark.parametrize("group", ["dependencies", "test extra"])
def test_every_pyproject_requirement_is_pinned_in_constraints(group):
    missing = sorted(pyproject_requirements()[group] - set(constraint_pins()))
    assert not missing, f"in pyproject.toml ({group}) but not pinned in constraints.txt: {missing}"


def test_environment_yml_pins_equal_constraints():
    constraints = constraint_pins()
    env = environment_pins()
    packages = {name: version for name, version in env.items() if name not in NOT_PACKAGES}
    unpinned = sorted(name for name, version in packages.items() if version is None)
    assert not unpinned, f"environment.yml leaves these unpinned: {unpinned}"
    unknown = sorted(set(packages) - set(constraints))
    assert not unknown, f"pinned in environment.yml but not in constraints.txt: {unknown}"
    different = {name: (version, constraints[name]) for name, version in packages.items()
                 if version != constraints[name]}
    assert not different, f"environment.yml pin != constraints.txt pin: {different}"


def test_environment_python_satisfies_requires_python():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    minimum = re.fullmatch(r">=\s*(\d+)\.(\d+)", project["project"]["requires-python"].strip())
    assert minimum, "requires-python is expected in the form '>=X.Y'"
    python = environment_pins()["python"]
    assert python, "environment.yml does not pin python"
    major, minor = (int(part) for part in python.split(".")[:2])
    assert (major, minor) >= (int(minimum.group(1)), int(minimum.group(2)))
