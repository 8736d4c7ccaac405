"""A hook module whose own import is broken: that error must not be swallowed."""

import tests.demo.no_such_dependency  # noqa: F401
