"""Results computed once per snapshot: in this process (:func:`memo`) and on disk (:func:`national`).

Both are keyed by the snapshot's content and the call's arguments, so a result is never used for
another snapshot or other parameters:

* :func:`memo` keeps results in this process for the snapshot content now in use
  (:func:`wla.store.token`, which checks the snapshot folder against its manifest on every call:
  a changed file is reported, never read past). A warm kernel keeps them across notebooks.
* :func:`national` also writes them to disk, for results every region pair needs (all-Kreise
  models, Germany's references), and :func:`on_disk` for results of one pair that another
  process asks for too (its findings): ``<cache dir>/<function>/<key>.pkl`` with the key a sha256 of the
  snapshot checksum (sha256 of its verified manifest), the wla code checksum (every ``.py``,
  ``.toml`` and ``.csv`` of the package), the function's name and the parameters. Files are
  written atomically (a temporary file renamed into place); one that cannot be read back, or that
  names another key, is recomputed and replaced, never used.

The cache folder is ``$WLA_CACHE_DIR`` if set, else ``build/cache/`` in the project (ignored by
git). Deleting it is always safe. Results are handed out as copies: a caller that changes a
returned frame does not change the cached one. Errors of wla (:class:`wla.exceptions.WlaError`,
e.g. no data for a year) are remembered in memory like results and raised again.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import inspect
import json
import os
import pickle
import tempfile
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from . import store
from .exceptions import WlaError
from .paths import PROJECT_ROOT

#: Version of the file layout below; part of every key (2: arguments bound to the parameters).
FORMAT = 2
_MISSING = object()


def cache_dir() -> Path:
    """Where :func:`national` writes (``$WLA_CACHE_DIR`` or ``build/cache/``)."""
    return Path(os.environ.get("WLA_CACHE_DIR") or PROJECT_ROOT / "build" / "cache")


@functools.lru_cache(maxsize=8)
def _manifest_checksum(token: tuple) -> str:
    return hashlib.sha256(json.dumps(store.manifest(), sort_keys=True).encode()).hexdigest()


def snapshot_checksum() -> str:
    """sha256 of the verified snapshot manifest (which lists every file's sha256)."""
    return _manifest_checksum(store.token())


@functools.lru_cache(maxsize=1)
def code_checksum() -> str:
    """sha256 over the wla package's files, once per process (see
    :func:`wla.report.folder.package_checksum`)."""
    from .report.folder import package_checksum

    return package_checksum()


def _plain(value):
    """A stable, hashable stand-in for an argument (regions by their codes and label)."""
    from .regions import Region

    if isinstance(value, Region):
        return ("Region", value.key, value.label, tuple(value.codes), value.level)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_plain(v) for v in value))
    if isinstance(value, range):
        return ("range", value.start, value.stop, value.step)
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _plain(v)) for k, v in value.items())))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(_plain(v) for v in value)))
    if value is None or isinstance(value, (str, int, float, bool)):
        return (type(value).__name__, value)  # 2024, 2024.0 and True are different arguments
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,) + tuple(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if hasattr(value, "item") and not hasattr(value, "__len__"):  # numpy scalars
        return (type(value).__name__, value.item())
    raise TypeError(f"cannot key a cached call on {type(value).__name__}")


@functools.lru_cache(maxsize=None)
def _parameters(fn) -> tuple | None:
    """(names, defaults, positional count) of ``fn``'s parameters; None for a signature with
    ``*args``, ``**kwargs`` or positional-only parameters (such calls are keyed as made)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    P = inspect.Parameter
    if {p.kind for p in params} & {P.VAR_POSITIONAL, P.VAR_KEYWORD, P.POSITIONAL_ONLY}:
        return None
    positional = sum(p.kind == P.POSITIONAL_OR_KEYWORD for p in params)
    return tuple(p.name for p in params), tuple(p.default for p in params), positional


def _bound(fn, args, kwargs) -> tuple | None:
    """Every parameter's value in a call of ``fn``, defaults filled in (None when the call
    does not fit the signature: the function itself will refuse it)."""
    spec = _parameters(fn)
    if spec is None:
        return None
    names, defaults, positional = spec
    if len(args) > positional or any(k not in names or names.index(k) < len(args) for k in kwargs):
        return None
    values = list(args)
    for name, default in zip(names[len(args):], defaults[len(args):]):
        value = kwargs.get(name, default)
        if value is inspect.Parameter.empty:
            return None
        values.append(value)
    return tuple(values)


def call_key(fn, args, kwargs) -> tuple:
    """The arguments of a call as a hashable tuple, bound to ``fn``'s parameters with their
    defaults filled in: ``f(r, v, None, until=2024)``, ``f(r, v, until=2024)`` and
    ``f(r, vergleich=v, until=2024)`` are one call with one key. Raises TypeError for arguments
    that cannot be keyed (such a call is not cached)."""
    values = _bound(fn, args, kwargs)
    if values is not None:
        return (fn.__module__, fn.__qualname__, _plain(values))
    return (fn.__module__, fn.__qualname__, _plain(tuple(args)), _plain(dict(kwargs)))


def disk_key(fn, args, kwargs) -> str:
    """sha256 naming a result of ``fn(*args, **kwargs)`` for this snapshot and this wla code."""
    text = repr((FORMAT, snapshot_checksum(), code_checksum(), call_key(fn, args, kwargs)))
    return hashlib.sha256(text.encode()).hexdigest()


def _copy(value):
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy()
    return copy.deepcopy(value)


def memo(fn=None, *, maxsize: int | None = None, copy: bool = True):
    """Decorator: remember ``fn``'s results (and wla errors) in this process per snapshot content
    (see the module docstring); ``maxsize``: at most this many, the least recently used dropped
    first; ``copy=False`` for private helpers whose callers only read the result."""
    if fn is None:
        return lambda f: memo(f, maxsize=maxsize, copy=copy)
    cache: OrderedDict = OrderedDict()
    seen: list = []

    @functools.wraps(fn)
    def cached(*args, **kwargs):
        now = store.token()
        if seen != [now]:
            cache.clear()
            seen[:] = [now]
        try:
            key = call_key(fn, args, kwargs)
        except TypeError:
            return fn(*args, **kwargs)
        if key in cache:
            cache.move_to_end(key)
        else:
            try:
                cache[key] = ("value", fn(*args, **kwargs))
            except WlaError as exc:
                cache[key] = ("error", exc)
            if maxsize is not None and len(cache) > maxsize:
                cache.popitem(last=False)
        kind, value = cache[key]
        if kind == "error":
            raise value
        return _copy(value) if copy else value

    cached.cache_clear = lambda: (cache.clear(), seen.clear())
    store.register(cached)  # emptied by store.clear_cache() with the readers
    return cached


def _read(path: Path, key: str):
    """The result stored at ``path`` for ``key``, or ``_MISSING`` when there is none or it is
    unreadable or names another key (a corrupt or foreign file)."""
    try:
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
    except Exception:  # none yet; truncated, garbled, written by an incompatible version
        return _MISSING
    if not isinstance(stored, dict) or stored.get("key") != key or "value" not in stored:
        return _MISSING
    return stored["value"]


def _write(path: Path, key: str, value) -> None:
    """Write atomically: a temporary file in the same folder, renamed into place. A result that
    does not survive pickling (e.g. a statsmodels formula fit, which re-evaluates its formula when
    loaded) is kept in memory only, and so is one when the cache folder cannot be written."""
    try:
        blob = pickle.dumps({"key": key, "value": value}, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(blob)
    except Exception:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:16]}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def entry_path(fn, key: str) -> Path:
    return cache_dir() / f"{fn.__module__}.{fn.__qualname__}" / f"{key}.pkl"


def on_disk(fn=None, *, maxsize: int | None = None):
    """Decorator: :func:`memo` (``maxsize``), and on disk (see the module docstring): for results
    that another process asks for too, e.g. a pair's findings, computed by page 40 in one worker
    and asked for by page 70 in the other, or by the next build of the same pair."""
    if fn is None:
        return lambda f: on_disk(f, maxsize=maxsize)

    @functools.wraps(fn)
    def from_disk(*args, **kwargs):
        try:
            key = disk_key(fn, args, kwargs)
        except TypeError:
            return fn(*args, **kwargs)
        path = entry_path(fn, key)
        value = _read(path, key)
        if value is _MISSING:
            value = fn(*args, **kwargs)
            _write(path, key, value)
        return value

    cached = memo(from_disk, maxsize=maxsize)
    cached.uncached = fn
    return cached


def national(fn):
    """Decorator: :func:`on_disk` for results that do not depend on a region pair (all-Kreise
    models, Germany's references): computed once per snapshot and code."""
    return on_disk(fn)


def national_if(test):
    """Decorator: :func:`national` for the calls for which ``test(*args, **kwargs)`` is true
    (e.g. Germany's region totals), the plain function for the others."""

    def wrap(fn):
        disk = national(fn)

        @functools.wraps(fn)
        def choose(*args, **kwargs):
            return disk(*args, **kwargs) if test(*args, **kwargs) else fn(*args, **kwargs)

        choose.uncached = fn
        return choose

    return wrap
