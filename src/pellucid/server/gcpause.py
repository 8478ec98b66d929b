"""Pausing the cyclic garbage collector around bulk work, from any number of threads at once.

Bulk work (a 6 MB item write, an import, a connector's update body) allocates hundreds of
thousands of small lists and dicts, almost none of them in cycles. Each burst of allocations
would trigger collector passes that rescan them all: about half of the work's time, and every
pass stops every thread (handlers run in worker threads, threads.py), so other requests wait
100-500 ms behind it. Paused, the objects die by reference counting when the work ends.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_pauses = 0  # pauses in progress, in every thread
_was_enabled = True  # whether the collector ran before the first of them


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (nor while another pause does)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
