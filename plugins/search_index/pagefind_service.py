"""Run the Pagefind binary (package pagefind[bin]) through its Python API.

`pagefind.service.PagefindService` reads the binary's answers with a 0.1 s
sleep before each one, so every page added costs at least 0.1 s (ten pages a
second, whatever the machine). `_Service` replaces that reading loop: it
reads answers as they come, and when the binary stops it fails every pending
request at once instead of waiting for ever. Its `send` leaves out the debug
lines that formatted every page's HTML into a string, logged or not. It also allows one answer to hold
the whole bundle (GetFiles), and ends the binary by closing its input.
Everything else is Pagefind's own API (create_index, add_html_file,
get_files).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
from pathlib import Path


MESSAGE_LIMIT = 2**31 - 1  # bytes in one answer from the binary
IN_FLIGHT = 64  # pages sent to the binary before their answers come back
# Pagefind 1.5.2 reads the size of its word index chunks (in postings, default 20,000)
# from this variable only; an unknown variable is ignored by a later Pagefind.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"


class PagefindMissing(RuntimeError):
    """The pagefind package or its binary is not installed."""


class PagefindFailed(RuntimeError):
    """The binary stopped or answered with an error."""


def executable() -> Path:
    """The Pagefind binary the Python API would run; PagefindMissing if none."""
    try:
        from pagefind.service import get_executable
    except ImportError as err:
        raise PagefindMissing(f"paket Python 'pagefind' tidak terpasang ({err})") from None
    try:
        path = get_executable()
    except FileNotFoundError as err:
        raise PagefindMissing(str(err)) from None
    if path is None or not Path(path).is_file():
        raise PagefindMissing(f"program pagefind tidak ditemukan ({path or 'paket pagefind-bin tidak terpasang'})")
    return Path(path)


def _service_class():
    from pagefind.service import PagefindService

    class _Service(PagefindService):
        environment: dict = {}

        async def send(self, payload):
            # As PagefindService.send, less two things: its debug lines format the
            # whole request, the page's HTML, into a string even when debug logging
            # is off (twice a page), and it keeps every answer for the service's life.
            self._message_id += 1
            message_id = self._message_id
            future = self._responses[message_id] = self._loop.create_future()
            request = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
            self._backend.stdin.write(base64.b64encode(request) + b",")
            await self._backend.stdin.drain()
            try:
                return await future
            finally:
                del self._responses[message_id]

        async def _wait_for_responses(self) -> None:
            try:
                while True:
                    output = await self._backend.stdout.readuntil(b",")
                    try:
                        resp = json.loads(base64.b64decode(output[:-1]))
                    except ValueError:
                        continue  # not a message (the binary printed something else)
                    if not resp:
                        continue
                    message_id = resp.get("message_id")
                    payload = resp.get("payload") or {}
                    if message_id is None and payload.get("original_message"):
                        message_id = json.loads(payload["original_message"]).get("message_id")
                    future = self._responses.get(message_id)
                    if future is None or future.done():
                        continue
                    if payload.get("type") == "Error":
                        future.set_exception(PagefindFailed(payload.get("message", "galat tanpa pesan")))
                    else:
                        future.set_result(payload)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError) as err:
                code = self._backend.returncode
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(PagefindFailed(
                            f"program pagefind berhenti (kode keluar {code}): {type(err).__name__}"))

        async def launch(self):
            # As PagefindService.launch, with room for GetFiles' answer (the whole
            # bundle in one message); its 2 MiB limit fits only a small site.
            self._backend = await asyncio.create_subprocess_exec(
                self._bin, "--service", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT, limit=MESSAGE_LIMIT, env={**os.environ, **self.environment})
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def close(self) -> None:
            # Closing its input ends the service (it exits on end of input).
            if self._backend.returncode is None:
                self._backend.stdin.close()
                try:
                    await asyncio.wait_for(self._backend.wait(), timeout=60)
                except asyncio.TimeoutError:
                    self._backend.terminate()
            await self._backend.wait()
            self._poll_task.cancel()

    return _Service


async def build_bundle(pages, config: dict, chunk_size: int | None = None) -> tuple[int, dict[str, bytes]]:
    """Index pages, an iterable of (url, html); return the count and the bundle's files (path -> bytes).

    chunk_size: postings per word index chunk (Pagefind's default 20,000). Smaller
    chunks carry fewer other words along with a searched word.

    Pages are added one after the other, in the order given. The files come back
    over the pipe (GetFiles) rather than being written by Pagefind, which answers
    WriteFiles before its files are all on disk.
    """
    executable()  # fail early, with the reason, if the binary is missing
    service = _service_class()()
    if chunk_size:
        service.environment = {CHUNK_SIZE_VARIABLE: str(int(chunk_size))}
    service = await service.launch()
    count = 0
    in_flight: set[asyncio.Task] = set()
    try:
        index = await service.create_index(config)
        # Up to IN_FLIGHT pages sent ahead of their answers: the binary never
        # waits for the next page (it handles them one after the other, in
        # the order sent, so the bundle is the same), 18% faster here.
        for url, html in pages:
            if len(in_flight) >= IN_FLIGHT:
                done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # a failed page stops the build here
            in_flight.add(asyncio.ensure_future(index.add_html_file(content=html, url=url)))
            count += 1
        for task in asyncio.as_completed(in_flight):
            await task
        files = {f["path"]: f["content"] for f in await index.get_files()}
    except ConnectionError as err:  # the pipe to a binary that has stopped
        code = await service._backend.wait()
        raise PagefindFailed(f"program pagefind berhenti (kode keluar {code}): {err}") from None
    finally:
        for task in in_flight:  # pages not sent yet when a page failed: they must not write to a closed pipe
            task.cancel()
        await service.close()
    return count, files
