"""mobi's exception tree.

    MobiError
    ├── ConfigError        a setting is wrong; one line for the operator
    ├── ImportFailed       a CSV file has problems; carries every one of them
    ├── NotFound           a record the caller asked for does not exist
    ├── ChannelError       a messenger refused or failed
    │   └── RateLimited    the remote asked us to wait `retry_after` seconds
    └── UserError          the user's input cannot be used; carries a text key
"""
from __future__ import annotations


class MobiError(Exception):
    """Base of every error mobi raises on purpose."""


class ConfigError(MobiError):
    pass


class NotFound(MobiError):
    pass


class ImportFailed(MobiError):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class ChannelError(MobiError):
    pass


class RateLimited(ChannelError):
    def __init__(self, retry_after: float):
        super().__init__(f"rate limited, retry after {retry_after:.1f} s")
        self.retry_after = retry_after


class UserError(MobiError):
    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params
