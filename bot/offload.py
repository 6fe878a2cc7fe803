"""Heavy one-off work (charts, Word and Excel files) in a child process that ends with it.

matplotlib, python-docx and openpyxl take tens of MB once loaded, and a process never gives that back: done
in a short-lived child, a /summary or a /report leaves the bot's memory as it found it. The child is a fork
of the bot (it starts at once, with everything but the heavy library already loaded) that runs only the
given function, a module-level one on plain data, and talks to nothing else.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_FORK = multiprocessing.get_context("fork")


async def in_child(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args, **kwargs)` in a child process of its own, which exits once it has answered."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_FORK)
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, functools.partial(function, *args, **kwargs))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
