"""Weak evidence: pointers, fragments and changelog entries are flagged at build time."""

from __future__ import annotations

import pytest

from retrieval.evidence import CHANGELOG, FRAGMENT, POINTER, in_changelog, unit_flags


@pytest.mark.parametrize(
    "clean, flags",
    [
        ("See the Timeouts section for more.", POINTER),
        ("For more details, read the deployment guide.", POINTER),
        ("Check out the advanced usage page.", POINTER),
        ("From the .env file.", FRAGMENT),
        ("See below.", POINTER | FRAGMENT),
        ("You can set timeouts for an individual request.", 0),
        ("Seeing is believing, the old saying goes.", 0),
        (
            "See how the client keeps its connection pool between requests, which saves a handshake for "
            "every request made to the same host in the same session of the program.",
            0,
        ),  # long: says something
    ],
)
def test_pointers_and_fragments(clean, flags):
    assert unit_flags(clean, "sentence", "docs/guide.md", ()) == flags


def test_code_is_never_a_fragment_or_a_pointer():
    assert unit_flags("x = 1", "code", "docs/guide.md", ()) == 0


@pytest.mark.parametrize(
    "path, sections, expected",
    [
        ("CHANGELOG.md", (), True),
        ("docs/release-notes.md", (), True),
        ("docs/HISTORY.rst", (), True),
        ("docs/guide.md", ("Guide", "Release Notes"), True),
        ("docs/guide.md", ("What's new",), True),
        ("docs/historical-notes.md", (), False),
        ("docs/guide.md", ("Changing the timeout",), False),
    ],
)
def test_changelogs_by_file_name_or_heading(path, sections, expected):
    assert in_changelog(path, sections) == expected
    assert (
        bool(unit_flags("The client now retries on connect errors.", "sentence", path, sections) & CHANGELOG)
        == expected
    )
