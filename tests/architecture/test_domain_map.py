"""The domain map in docs/architecture.md is drawn from today's code, not by hand."""

from tests.architecture.domain_map import DOC, rendered_doc


def test_domain_map_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == rendered_doc(), (
        "docs/architecture.md: the domain map is out of date; "
        "run `.venv/bin/python -m tests.architecture.domain_map`"
    )
