"""A real SMTP server (aiosmtpd) on a free local port that keeps what it receives."""
from __future__ import annotations

import socket
from contextlib import contextmanager
from typing import Iterator

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.mails = []

    def handle_message(self, message):
        self.mails.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(inbox: Inbox | None = None) -> Iterator[tuple[int, Inbox]]:
    """(port, inbox) of a running server, stopped afterwards."""
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()
