"""What both fuzz targets require of a refusal: one line under 400 characters, no control characters."""
from workbench.core.text import UNSAFE


def check_refusal(exc: Exception) -> None:
    message = str(exc)
    if "\n" in message or len(message) >= 400 or UNSAFE.search(message):
        raise AssertionError(f"unsafe message: {message[:200]!r}") from None
