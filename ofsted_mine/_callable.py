"""Let ``om.compare(docs)`` work even after ``ofsted_mine.compare`` is imported.

``ofsted_mine`` exposes functions named like its subpackages (``compare``,
``classify``, ``summarise``). Python's import system sets the package
attribute to the *submodule* as soon as anything imports it (for example
``from ofsted_mine.compare.models import Comparison``), which would shadow the
function and make ``om.compare(docs)`` fail with "module is not callable".
Making those subpackage modules callable (delegating to their function of
the same name) keeps the public API working whichever import happened first.
"""

from __future__ import annotations

import sys
import types


class CallablePackage(types.ModuleType):
    """A module that, when called, calls its own function of the same short name."""

    def __call__(self, *args, **kwargs):
        short = self.__name__.rsplit(".", 1)[-1]
        return getattr(self, short)(*args, **kwargs)


def make_callable(module_name: str) -> None:
    """Turn the already-imported module ``module_name`` into a :class:`CallablePackage`."""
    module = sys.modules[module_name]
    if not isinstance(module, CallablePackage):
        module.__class__ = CallablePackage


__all__ = ["CallablePackage", "make_callable"]
