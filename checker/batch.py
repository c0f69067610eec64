"""Running many documents: one result per input, in input order, however they run.

Three executors run the same per-document function, ``check_one``, so the output
does not depend on how the work was spread:

* in this process (one document, ``--jobs 1``, or a small batch without ``--jobs``);
* a pool of worker processes (``--jobs N``; default: the usable cores);
* a Dask distributed cluster (``--dask SCHEDULER_ADDRESS``, extra ``kyoso[dask]``).

Each worker loads the rules and the spaCy pipelines once: ``_ruleset`` is cached per
process by the config, and ``nlp.pipeline`` caches the pipelines; a pool warms both
in its initializer, a Dask worker on its first document.

Results come back in input order: at most ``BATCH_WINDOW_PER_WORKER`` documents per
worker are in flight ahead of the oldest unfinished one, so one slow contract holds
back only the output, and memory stays bounded, however long the batch.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections import deque
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

from ..core import limits
from ..core.errors import KyosoError
from .model import DocumentResult

Outcome = tuple[DocumentResult, list[str]]  # a result and the warnings raised on the way


class DaskError(KyosoError):
    """--dask cannot run: the extra is missing or the scheduler cannot be reached."""

    code = "usage"


# --- the per-document function (runs in workers) ---------------------------------------

# Documents in one process are checked one at a time: a Dask worker may run tasks on
# several threads, and the Sudachi tokenizer must not be entered twice at once. The
# work holds the GIL anyway, so threads would not make it faster.
_ONE_AT_A_TIME = threading.Lock()


@lru_cache(maxsize=4)
def _ruleset(config_json: str):
    from .engine import RuleSet

    return RuleSet.load(json.loads(config_json))


def config_key(config: dict) -> str:
    """The run's config as a string: cheap to send with every task, and a cache key."""
    return json.dumps(config, sort_keys=True, ensure_ascii=False)


def check_one(ref: Any, config_json: str, options: Any, ruleset: Any = None) -> Outcome:
    """Check one input; never raises for a bad file, nor for a bug in one document.

    ``ruleset`` is given in-process; workers rebuild it once from ``config_json``.
    Warnings are returned, not printed: a worker's stderr is not the user's terminal.
    """
    from .api import _ref_fields, check_document

    notes: list[str] = []
    with _ONE_AT_A_TIME:
        try:
            if ruleset is None:
                ruleset = _ruleset(config_json)
            result = check_document(ref, ruleset, options, warn=notes.append)
        except Exception as bug:  # noqa: BLE001 - one document must not end a long batch
            path = _ref_fields(ref)[0]
            message = (f"{path}: internal error while checking "
                       f"({type(bug).__name__}: {bug}); please report it")
            result = DocumentResult(path=path, error={"code": "internal", "message": message})
    return result, notes


def _warm_worker(config_json: str) -> None:
    """Pool initializer: rules and the English pipeline before the first document
    (Japanese loads on the first Japanese document: it is cheap, and often unused).
    Ctrl-C is for the kyoso process: it stops the pool; workers would only die mid-task."""
    import gc

    from ..core import limits
    from .nlp import pipeline

    gc.set_threshold(*limits.CHECK_GC_THRESHOLDS)  # a spawned worker starts with the defaults
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _ruleset(config_json)
    pipeline("en")


# --- choosing an executor ----------------------------------------------------------------


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # a container or taskset may allow fewer
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_workers(documents: int, jobs: int | None) -> int:
    """How many worker processes: ``--jobs`` if given, else the cores, but never more
    than the documents, and none (in-process) when starting them costs more than
    they save."""
    if jobs is None:
        if documents < limits.POOL_MIN_DOCUMENTS:
            return 1
        jobs = usable_cores()
    return max(1, min(jobs, documents))


def run_batch(refs: list[Any], options: Any, ruleset: Any, config: dict) -> Iterator[Outcome]:
    """(result, warnings) per input, in input order."""
    config_json = config_key(config)
    if options.dask_address:
        yield from _on_dask(refs, options, config_json, options.dask_address)
        return
    workers = plan_workers(len(refs), options.jobs)
    if workers <= 1:
        for ref in refs:
            yield check_one(ref, config_json, options, ruleset)
        return
    yield from _in_pool(refs, options, config_json, workers)


def iter_results(inputs: Iterable[Any], options: Any, ruleset: Any) -> Iterator[DocumentResult]:
    """Sequential, in this process, warnings to stderr (the simple library call)."""
    from .api import check_document

    for ref in inputs:
        yield check_document(ref, ruleset, options)


# --- in input order, a bounded window ahead ----------------------------------------------


def in_order(refs: Iterable[Any], submit: Callable[[Any], Any], window: int,
             collect: Callable[[Any, Any], Outcome]) -> Iterator[Outcome]:
    """Submit up to ``window`` inputs ahead; yield ``collect(ref, future)`` in order."""
    pending: deque = deque()
    queue = iter(refs)
    for ref in queue:
        pending.append((ref, submit(ref)))
        if len(pending) >= window:
            break
    while pending:
        ref, future = pending.popleft()
        outcome = collect(ref, future)
        following = next(queue, None)
        if following is not None:
            pending.append((following, submit(following)))
        yield outcome


# --- worker processes --------------------------------------------------------------------


def _pool_context():
    """forkserver: workers fork from a small clean server (no threads, no half-loaded
    state of the parent), with kyoso and spaCy imported there once; spawn elsewhere.
    (multiprocessing is imported here: a check of one file never starts a pool.)"""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kyoso.checker.worker_preload"])
        return context
    return multiprocessing.get_context("spawn")


class _Pool:
    """A process pool that is rebuilt if a worker dies (killed for memory, a crash in
    a C extension). The futures of the broken pool all fail: each of those documents
    runs again, alone, in the new pool; one that kills that too gets an error entry."""

    def __init__(self, workers: int, config_json: str, options: Any):
        self.workers, self.config_json, self.options = workers, config_json, options
        self.generation = 0
        self.executor = self._start()

    def _start(self) -> "ProcessPoolExecutor":
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.workers, mp_context=_pool_context(),
                                   initializer=_warm_worker, initargs=(self.config_json,))

    def _restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        self.generation += 1

    def submit(self, ref: Any) -> tuple[int, Any]:
        return self.generation, self.executor.submit(check_one, ref, self.config_json,
                                                     self.options)

    def collect(self, ref: Any, submitted: tuple[int, Any]) -> Outcome:
        from concurrent.futures.process import BrokenProcessPool

        generation, future = submitted
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self.generation:  # the first to notice rebuilds the pool
                self._restart()
        try:
            return self.submit(ref)[1].result()
        except BrokenProcessPool:
            self._restart()
            return _died(ref)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _died(ref: Any) -> Outcome:
    from .api import _ref_fields

    path = _ref_fields(ref)[0]
    message = f"{path}: the worker process died while checking it (out of memory?)"
    return DocumentResult(path=path, error={"code": "internal", "message": message}), []


def _in_pool(refs: list[Any], options: Any, config_json: str, workers: int) -> Iterator[Outcome]:
    pool = _Pool(workers, config_json, options)
    try:
        yield from in_order(refs, pool.submit, workers * limits.BATCH_WINDOW_PER_WORKER,
                            pool.collect)
    finally:
        pool.close()


# --- Dask ---------------------------------------------------------------------------------


def _dask_client(address: str):
    try:
        from dask.distributed import Client
    except ImportError:
        raise DaskError("--dask needs the optional extra: pip install 'kyoso[dask]'") from None
    try:
        return Client(address, timeout=f"{limits.DASK_CONNECT_TIMEOUT_SECONDS}s",
                      set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskError(f"--dask {address}: cannot reach the scheduler ({error})") from None


def _shipped(ref: Any) -> Any:
    """Workers get absolute paths: their working folder is not ours. Files are read by
    the worker (shared storage); only stdin's bytes travel with the task."""
    from .inputs import InputRef

    path = getattr(ref, "path", ref)
    if getattr(ref, "data", None) is not None or getattr(ref, "error", None) is not None \
            or path == "-" or os.path.isabs(path):
        return ref
    return InputRef(os.path.abspath(path))


def _as_given(ref: Any, shipped: Any, outcome: Outcome) -> Outcome:
    """Report the path as the user typed it, also inside messages."""
    result, notes = outcome
    given, sent = str(getattr(ref, "path", ref)), str(getattr(shipped, "path", shipped))
    if given != sent:
        result.path = given
        if result.error:
            result.error = {**result.error, "message": result.error["message"].replace(sent, given)}
        notes = [note.replace(sent, given) for note in notes]
    return result, notes


def _on_dask(refs: list[Any], options: Any, config_json: str, address: str) -> Iterator[Outcome]:
    client = _dask_client(address)
    try:
        threads = sum(client.nthreads().values()) or 1

        def submit(ref: Any) -> tuple[Any, Any]:
            sent = _shipped(ref)
            # pure=False: the same path may hold new bytes on a later run
            return sent, client.submit(check_one, sent, config_json, options, pure=False)

        def collect(ref: Any, submitted: tuple[Any, Any]) -> Outcome:
            sent, future = submitted
            try:
                outcome = future.result()
            except Exception as error:  # noqa: BLE001 - sorted below
                if type(error).__name__ != "KilledWorker":  # not one document's fault
                    raise DaskError(f"--dask {address}: the cluster failed "
                                    f"({type(error).__name__}: {error})") from None
                return _died(ref)
            finally:
                future.release()
            return _as_given(ref, sent, outcome)

        yield from in_order(refs, submit, threads * limits.BATCH_WINDOW_PER_WORKER, collect)
    finally:
        client.close()


def print_notes(notes: list[str], stream=None) -> None:
    for note in notes:
        print(f"kyoso: warning: {note}", file=stream or sys.stderr)
