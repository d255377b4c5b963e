"""Thin client for the GENESIS web service (REST API 2020) of Destatis, the Regionaldatenbank
and the Zensus 2022 database.

Only what ``wla fetch`` needs: ``data/tablefile`` in flat-file format (``ffcsv``, a zip archive
with one ``*_flat.csv``, parsed by :func:`wla.sources.genesis.read_ffcsv`) and the job mechanism
for tables too large for a direct answer (status 98: ``data/tablefile`` with ``job=true``, poll
``catalogue/results`` until the result is listed, then ``data/resultfile``). The request
parameters are those of pystatis 0.5, as recorded in ``../shared/data/genesis-replies``.

Every reply carries a JSON status unless it is the data itself: ``{"Status": {"Code", "Content",
"Type"}, ...}``, or for a refused login a bare ``{"Code", "Content", "Type"}``. Codes used here:
0 ok, 22 parameters adjusted (warning), 2 wrong user name or password, 15 not authorised or no
credentials sent, 90 table not found, 98 table too large (use a job), 99 job created, 104 no
matching object (job not ready yet; for a table: it does not exist).

Credentials come from the environment or pystatis' configuration (:func:`find_credentials`) and
travel only in the ``username``/``password`` request headers; they never appear in an error
message, a log line or a ``repr``.
"""
from __future__ import annotations

import configparser
import json
import os
import re
import time
from pathlib import Path

import requests

from ..exceptions import CredentialsError, NetworkError, ServiceError, TableNotFoundError

BASE_URLS = {
    "genesis": "https://www-genesis.destatis.de/genesisWS/rest/2020/",
    "regio": "https://www.regionalstatistik.de/genesisws/rest/2020/",
    "zensus": "https://ergebnisse.zensus2022.de/api/rest/2020/",
}
LABELS = {
    "genesis": "GENESIS-Online (Destatis)",
    "regio": "Regionaldatenbank (regionalstatistik.de)",
    "zensus": "Zensus 2022 Datenbank",
}
#: Environment variable prefix per database: ``<PREFIX>_TOKEN`` or ``<PREFIX>_USER`` + ``<PREFIX>_PASSWORD``.
ENV_PREFIX = {"genesis": "WLA_GENESIS", "regio": "WLA_REGIO", "zensus": "WLA_ZENSUS"}

#: Table codes per database (the patterns pystatis uses); the first match wins.
_TABLE_PATTERNS = (
    ("zensus", re.compile(r"^\d{4}[A-Z]-\d{4}$")),
    ("genesis", re.compile(r"^\d{5}-\d{4}$")),
    ("regio", re.compile(r"^(\d{5}-.{1,2}(-.*)?|A[A-Z0-9]*-.*|\d{5}[A-Z]+-Z-\d{1,2})$")),
)

OK, PARAMS_ADJUSTED, NOT_FOUND, TOO_LARGE, JOB_CREATED, NO_OBJECTS = 0, 22, 90, 98, 99, 104
LOGIN_FAILED = {2, 15}
_ERROR_TYPES = {"fehler", "error"}


def database_of(table: str) -> str:
    """The database (``genesis``, ``regio``, ``zensus``) that holds a table, from its code."""
    for database, pattern in _TABLE_PATTERNS:
        if pattern.match(table):
            return database
    raise TableNotFoundError(
        f"{table!r} is not a GENESIS table code (e.g. 12411-01-01-4, 12531-0043, 1000A-0000); "
        "look the code up on www-genesis.destatis.de or www.regionalstatistik.de"
    )


class Credentials:
    """User name and password (or an API token as user name) for one database.

    ``origin`` says where they came from (the variable or file name, never the value)."""

    __slots__ = ("database", "origin", "_user", "_password")

    def __init__(self, database: str, user: str, password: str, origin: str):
        self.database, self.origin = database, origin
        self._user, self._password = user, password

    def headers(self) -> dict:
        """The request headers the REST API 2020 reads the login from."""
        return {"username": self._user, "password": self._password}

    def secrets(self) -> tuple[str, ...]:
        """The non-empty secret strings, to scrub them from any text shown to the user."""
        return tuple(s for s in (self._user, self._password) if s)

    def __repr__(self):
        return f"Credentials({self.database}, from {self.origin})"

    __str__ = __repr__


def find_credentials(database: str, environ=None, config_file: Path | None = None) -> Credentials:
    """Credentials for ``database`` from, in this order: ``WLA_<DB>_TOKEN``; ``WLA_<DB>_USER`` and
    ``WLA_<DB>_PASSWORD``; pystatis' ``PYSTATIS_<DB>_API_USERNAME``/``_PASSWORD``; pystatis'
    ``config.ini`` (``$PYSTATIS_CONFIG_DIR`` or ``~/.pystatis``), section ``genesis``/``regio``/``zensus``.

    An API token is sent as user name with an empty password. Raises
    :class:`~wla.exceptions.CredentialsError` naming the variables to set if none is found.
    """
    env = os.environ if environ is None else environ
    prefix = ENV_PREFIX[database]
    if env.get(f"{prefix}_TOKEN"):
        return Credentials(database, env[f"{prefix}_TOKEN"], "", f"${prefix}_TOKEN")
    user, password = env.get(f"{prefix}_USER", ""), env.get(f"{prefix}_PASSWORD", "")
    if user and password:
        return Credentials(database, user, password, f"${prefix}_USER/${prefix}_PASSWORD")
    if user or password:
        missing = f"{prefix}_PASSWORD" if user else f"{prefix}_USER"
        raise CredentialsError(f"{missing} is not set (it belongs with {prefix}_USER/{prefix}_PASSWORD)")
    pystatis = f"PYSTATIS_{database.upper()}_API"
    if env.get(f"{pystatis}_USERNAME"):
        return Credentials(
            database, env[f"{pystatis}_USERNAME"], env.get(f"{pystatis}_PASSWORD", ""), f"${pystatis}_USERNAME"
        )
    path = config_file or Path(env.get("PYSTATIS_CONFIG_DIR") or Path.home() / ".pystatis") / "config.ini"
    config = configparser.ConfigParser(interpolation=None)
    try:
        config.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        config = configparser.ConfigParser(interpolation=None)
    if config.has_section(database) and config.get(database, "username", fallback=""):
        return Credentials(
            database, config.get(database, "username"), config.get(database, "password", fallback=""), str(path)
        )
    raise CredentialsError(
        f"no credentials for the {LABELS[database]} web service ({BASE_URLS[database]}). Set {prefix}_TOKEN "
        f"(an API token) or {prefix}_USER and {prefix}_PASSWORD in the environment, or configure pystatis "
        f"({path}, section [{database}]). Accounts are free: register on the database's website."
    )


class GenesisClient:
    """Download flat-file tables from one database of the GENESIS web service.

    ``session`` is a :class:`requests.Session` (or anything with its ``post``); ``timeout`` is
    (connect, read) in seconds. HTTP 429 and 5xx are retried ``retries`` times, waiting
    ``Retry-After`` or ``backoff * 2**attempt`` seconds (at most ``max_wait``); a job is polled at
    most ``max_polls`` times, ``poll_interval`` seconds apart. ``sleep`` is injectable for tests.
    """

    def __init__(
        self,
        database: str,
        credentials: Credentials,
        *,
        session=None,
        timeout=(10, 300),
        retries: int = 3,
        backoff: float = 2.0,
        max_wait: float = 60.0,
        poll_interval: float = 10.0,
        max_polls: int = 90,
        sleep=time.sleep,
        language: str = "de",
        base_url: str | None = None,
    ):
        self.database, self.credentials = database, credentials
        self.base_url = base_url or BASE_URLS[database]
        self.session = session or requests.Session()
        self.timeout, self.retries, self.backoff, self.max_wait = timeout, retries, backoff, max_wait
        self.poll_interval, self.max_polls, self.sleep, self.language = poll_interval, max_polls, sleep, language

    def __repr__(self):
        return f"GenesisClient({self.database}, {self.base_url})"

    def tablefile(self, table: str, startyear: int | None = None, endyear: int | None = None) -> bytes:
        """The flat-file reply (zip bytes) of ``table``, for ``startyear``–``endyear`` or, without
        years, the newest reference date. Falls back to the job mechanism on status 98."""
        params = self.table_params(table, startyear, endyear)
        reply = self._post("data/tablefile", params)
        status = reply_status(reply)
        if status is None:
            return reply.content
        if status["Code"] == TOO_LARGE:
            return self._via_job(table, params)
        self._raise_for(status, table)
        raise ServiceError(self._clean(f"{LABELS[self.database]} sent no data for table {table}: {_describe(status)}"))

    def table_params(self, table: str, startyear=None, endyear=None) -> dict:
        """Form parameters of ``data/tablefile`` (those pystatis 0.5 sends)."""
        return {
            "area": "all",
            "compress": "false",
            "endyear": "" if endyear is None else str(endyear),
            "format": "ffcsv",
            "language": self.language,
            "name": table,
            "quality": "off",
            "regionalkey": "",
            "regionalvariable": "",
            "stand": "",
            "startyear": "" if startyear is None else str(startyear),
            "timeslices": "",
            "job": "false",
        }

    def _via_job(self, table: str, params: dict) -> bytes:
        """Start a background job, poll until its result is listed, download the result file."""
        status = reply_status(self._post("data/tablefile", {**params, "job": "true"})) or {}
        if status.get("Code") != JOB_CREATED:
            self._raise_for(status, table)
        found = re.search(rf"{re.escape(table)}_\d+", str(status.get("Content", "")))
        if found is None:
            raise ServiceError(self._clean(f"could not read the job name for table {table}: {_describe(status)}"))
        job = found.group()
        query = {"selection": job, "area": "user", "pagelength": "1"}
        for _ in range(self.max_polls):
            reply = self._post("catalogue/results", query)
            status = reply_status(reply) or {"Code": OK}
            if status["Code"] == OK and _json(reply).get("List"):
                break
            if status["Code"] not in (OK, NO_OBJECTS):
                self._raise_for(status, table)
            self.sleep(self.poll_interval)
        else:
            minutes = self.max_polls * self.poll_interval / 60
            raise ServiceError(
                f"{LABELS[self.database]} was still preparing table {table} (job {job}) after "
                f"{self.max_polls} checks (~{minutes:.0f} min); run `wla fetch --tables {table}` again later"
            )
        reply = self._post("data/resultfile", {**params, "name": job, "job": "false"})
        status = reply_status(reply)
        if status is not None:
            self._raise_for(status, table)
            raise ServiceError(self._clean(f"job {job} of table {table} delivered no file: {_describe(status)}"))
        return reply.content

    def _post(self, method: str, params: dict) -> requests.Response:
        """POST with bounded retries on HTTP 429 and 5xx; network failures end at once."""
        url = self.base_url + method
        attempt = 0
        while True:
            try:
                reply = self.session.post(url, headers=self.credentials.headers(), data=params, timeout=self.timeout)
            except requests.Timeout:
                raise NetworkError(
                    f"no answer from {url} within {self.timeout} s; the service may be overloaded, try again later"
                ) from None
            except requests.ConnectionError:
                raise NetworkError(
                    f"cannot reach {url}: no network connection, or the service is down. `wla fetch` needs "
                    "internet access; the cache and the snapshot were left unchanged"
                ) from None
            except requests.RequestException as exc:
                raise NetworkError(self._clean(f"request to {url} failed ({type(exc).__name__})")) from None
            code = reply.status_code
            if code == 429 or code >= 500:
                if attempt < self.retries:
                    self.sleep(self._wait(reply, attempt))
                    attempt += 1
                    continue
                what = "too many requests (rate limit)" if code == 429 else "a server error"
                raise ServiceError(
                    f"{url} answered HTTP {code} ({what}) {self.retries + 1} times; wait a while and run "
                    "`wla fetch` again"
                )
            if code in (401, 403):
                raise CredentialsError(self._refused(f"HTTP {code}"))
            if code >= 400:
                raise ServiceError(f"{url} answered HTTP {code}")
            return reply

    def _wait(self, reply, attempt: int) -> float:
        after = reply.headers.get("Retry-After", "")
        seconds = float(after) if after.strip().isdigit() else self.backoff * 2**attempt
        return min(seconds, self.max_wait)

    def _raise_for(self, status: dict, table: str) -> None:
        """Raise the matching error for a status that is not plain success."""
        code = status.get("Code")
        if code in LOGIN_FAILED:
            raise CredentialsError(self._refused(f"status {code}: {status.get('Content', '')}"))
        if code in (NOT_FOUND, NO_OBJECTS):
            raise TableNotFoundError(
                self._clean(f"table {table} was not found in {LABELS[self.database]} ({_describe(status)}); check the code")
            )
        if code not in (OK, PARAMS_ADJUSTED) or str(status.get("Type", "")).lower() in _ERROR_TYPES:
            raise ServiceError(self._clean(f"{LABELS[self.database]} refused table {table}: {_describe(status)}"))

    def _refused(self, why: str) -> str:
        return self._clean(
            f"{LABELS[self.database]} refused the credentials from {self.credentials.origin} ({why}). "
            "Check user name and password (or the token) by logging in on the database's website"
        )

    def _clean(self, text: str) -> str:
        """``text`` with every credential string replaced by ``***``."""
        for secret in self.credentials.secrets():
            text = text.replace(secret, "***")
        return text


def reply_status(reply: requests.Response) -> dict | None:
    """The status of a JSON reply as ``{"Code": int, "Content": str, "Type": str}``, or None if
    the reply is data (a zip archive or flat-file text)."""
    body = reply.content
    if body[:4] == b"PK\x03\x04" or body.lstrip(b"\xef\xbb\xbf").startswith(b"statistics_code"):
        return None
    data = _json(reply)
    status = data.get("Status", data if "Code" in data else None)
    if isinstance(status, str):  # helloworld/logincheck answers with a sentence
        status = {"Code": OK if "erfolgreich" in status or "successful" in status else 2, "Content": status}
    if not isinstance(status, dict) or "Code" not in status:
        kind = reply.headers.get("Content-Type", "unknown type")
        raise ServiceError(f"{reply.url}: unexpected reply ({kind}, {len(body)} bytes), neither data nor a status")
    try:
        code = int(status["Code"])
    except (TypeError, ValueError):
        code = -1
    return {**status, "Code": code}


def _json(reply) -> dict:
    try:
        data = json.loads(reply.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _describe(status: dict) -> str:
    return f"status {status.get('Code')}: {str(status.get('Content', '')).strip()}"
