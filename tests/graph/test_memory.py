"""Freed memory goes back to the system (glibc; elsewhere there is nothing to trim)."""

import ctypes
import os
from pathlib import Path

import pytest

from graph.memory import _malloc_trim, release_freed_memory

pytestmark = pytest.mark.skipif(_malloc_trim() is None or not Path("/proc/self/statm").exists(),
                                reason="needs glibc's malloc_trim and /proc")


def _resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_memory_the_c_allocator_holds_free_is_returned():
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(2048) for _ in range(100_000)]  # small blocks: kept in the heap when freed
    for block in blocks:
        ctypes.memset(block, 1, 2048)
    for block in blocks[:-1]:  # the last one pins the top of the heap, as live objects do
        libc.free(block)
    held = _resident_mb()
    release_freed_memory()
    assert held - _resident_mb() > 150  # of the ~200 MB freed
    libc.free(blocks[-1])
