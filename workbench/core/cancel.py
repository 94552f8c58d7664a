"""Cooperative cancellation and progress reporting, shared by the engine and the runner."""
from __future__ import annotations

import threading
from typing import Callable

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised inside a task when its cancel token is set."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
