"""The package's one base exception: every user-facing failure is a RetrievalError."""


class RetrievalError(Exception):
    """A problem the user can fix (bad folder, empty question...); the message says how."""
