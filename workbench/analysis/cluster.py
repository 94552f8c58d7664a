"""Studies on a Dask distributed cluster: the same chunks of rows as the local pool, sent to a
scheduler the user names (``--scheduler tcp://host:port``).

Optional: ``distributed`` is imported only here and only when a scheduler is given, so the
window and the command line run without it (install the ``cluster`` extra to use one). The
workers get the data set by value, scattered to each of them once, never from a forked global,
and every row is drawn before any is sent: the answer is the same as on one local process.
"""
from __future__ import annotations

import re
import socket
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from workbench.core.errors import WorkbenchError
from workbench.core.text import safe_text

CONNECT_TIMEOUT_S = 10.0  # a scheduler on the same network answers in well under a second
ADDRESS = re.compile(r"^(tcp|tls)://[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")
INSTALL = "pip install 'grid-tariff-workbench[cluster]' (or: pip install distributed)"


class ClusterExecutor(Executor):
    """A concurrent.futures executor over a Dask client, which can also share one object with every
    worker (``share``: the data set, scattered once rather than sent with every chunk)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._executor = client.get_executor(pure=False)

    def share(self, obj: Any) -> Any:
        return self.client.scatter(obj, broadcast=True, hash=False)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._executor.submit(fn, *args, **kwargs)  # type: ignore[no-any-return]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))


@contextmanager
def connect(address: str, timeout: float | None = None) -> Iterator[ClusterExecutor]:
    """An executor on the scheduler at ``address``; refused in one line when the address is malformed,
    ``distributed`` is not installed, the scheduler does not answer in time, or it has no worker that
    can run the workbench."""
    if not ADDRESS.match(address):
        raise WorkbenchError(f"--scheduler: '{safe_text(address, 80)}' is not a scheduler address such as "
                             "tcp://10.0.0.5:8786")
    try:
        from distributed import Client
    except ImportError:
        raise WorkbenchError(f"--scheduler needs the Dask 'distributed' package: {INSTALL}") from None
    wait = CONNECT_TIMEOUT_S if timeout is None else timeout
    try:
        _probe(address, wait)  # a plain socket first: a Client that fails to start leaves its loop thread running
        client = Client(address, timeout=wait, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise WorkbenchError(f"--scheduler: cannot reach the scheduler at {safe_text(address, 80)} within "
                             f"{wait:g} s ({safe_text(type(exc).__name__, 40)}); is 'dask scheduler' running "
                             "there and the port open?") from None
    try:
        _check_workers(client, address)
        yield ClusterExecutor(client)
    finally:
        client.close()


def _probe(address: str, timeout: float) -> None:
    """Open and close a TCP connection to the scheduler's port, or raise OSError."""
    host, _, port = address.split("://", 1)[1].rpartition(":")
    with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
        pass


def _check_workers(client: Any, address: str) -> None:
    """At least one worker, and every worker runs this version of the workbench (a different one would
    give different numbers)."""
    from workbench import __version__

    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError):
        raise WorkbenchError(f"--scheduler: the scheduler at {safe_text(address, 80)} has no worker; start one "
                             f"with 'dask worker {safe_text(address, 80)}'") from None
    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # a worker that cannot import the workbench fails to unpickle the call
        raise WorkbenchError(f"--scheduler: a worker cannot run the workbench ({safe_text(exc, 120)}); install "
                             "the same version on every worker") from None
    wrong = sorted({v for v in versions.values() if v != __version__})
    if wrong:
        raise WorkbenchError(f"--scheduler: workers run workbench {', '.join(wrong)}, this is {__version__}; "
                             "install the same version on every worker")


def _worker_version() -> str:
    from workbench import __version__

    return __version__
