"""Heavy one-off work (charts, Word and Excel files) in a child process that ends with it.

matplotlib, python-docx and openpyxl take tens of MB once loaded, and a process never gives that back: done
in a short-lived child, a /summary or an export leaves the bot's memory as it found it. The child is a fork
of the bot (it starts at once, with everything but the heavy library already loaded); it imports the module
named by the target, runs that one function on the plain data given, and talks to nothing else. The bot
itself must not import that module, or the library would load in the bot after all.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_FORK = multiprocessing.get_context("fork")


def _call(target: str, args: tuple[Any, ...]) -> Any:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)(*args)


async def in_child(target: str, *args: Any) -> Any:
    """`module:function` called with `args` in a child process of its own, which exits once it has answered."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_FORK)
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, _call, target, args)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
