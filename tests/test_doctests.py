"""Every docstring example in the project runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("graph", "loaders", "api", "viz", "synth")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        try:
            pkg = importlib.import_module(package)
        except ImportError:
            continue
        names.append(package)
        names.extend(m.name for m in pkgutil.walk_packages(pkg.__path__, package + "."))
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
