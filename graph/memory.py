"""Giving memory back to the system between the phases of a bulk load.

The engine and Arrow free what a copy or a merge used, but the allocators keep freed memory for
reuse: glibc in its arenas (the engine's copy threads each use one), Arrow in its pool. A process
that holds it through the next phase peaks at the sum of both phases (benchmarks/RESULTS.md,
"Memory between the copies").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow as pa


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to trim
        return None


def release_freed_memory() -> None:
    """Return the memory Arrow's pool and the C allocator hold free to the system."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
