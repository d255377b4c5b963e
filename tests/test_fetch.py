"""Tests of ``wla fetch`` and the GENESIS web-service client, driven by recorded real replies.

Recorded exchanges: ../shared/data/genesis-replies/*.yaml (VCR cassettes of pystatis, credentials
masked; tests that need them skip when that folder is missing) and the trimmed 12531-0043 job
exchange in tests/fixtures/genesis_api_12531-0043_job_excerpt.yaml. Error replies that no cassette
holds (wrong login, unknown table) are built in the shape the service uses, as documented in
wla/sources/genesis_api.py. No test touches the network: the `responses` library answers every
request, and a request it does not know fails like a missing network.
"""
import fnmatch
import gzip
import io
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import parse_qsl

import pandas as pd
import pytest
import requests
import responses
import yaml

from wla import cli
from wla.exceptions import (
    CredentialsError, FetchError, NetworkError, ParameterError, ServiceError, SourceFormatError,
    TableNotFoundError,
)
from wla.fetch import TABLES, overlay, refresh, save_reply, table_spec
from wla.snapshot import genesis_tables
from wla.snapshot.build import verify_snapshot
from wla.sources.genesis import read_ffcsv
from wla.sources.genesis_api import BASE_URLS, Credentials, GenesisClient, find_credentials

POP_2024 = "kreise/pystatis_destatis_12411-01-01-4_bevoelkerung_2024-12-31_flat.csv"
PROTECTION_2024 = "kreise/pystatis_destatis_12531-0043_schutzsuchende_2024-12-31_flat.csv.gz"

HERE = Path(__file__).resolve().parent
JOB_EXCERPT = HERE / "fixtures" / "genesis_api_12531-0043_job_excerpt.yaml"
SHARED = HERE.parents[1] / "shared" / "data"
CASSETTES = SHARED / "genesis-replies"
SNAPSHOT = HERE.parent / "data"
SECRET = "s3cr3t-xyz"
SECRET_ENV = {
    "WLA_GENESIS_TOKEN": SECRET + "-genesis",
    "WLA_REGIO_USER": SECRET + "-user",
    "WLA_REGIO_PASSWORD": SECRET + "-pw",
    "WLA_ZENSUS_TOKEN": SECRET + "-zensus",
}
WRONG_LOGIN = {  # bare status object, as regionalstatistik.de answers a refused login (HTTP 200)
    "Code": 2,
    "Content": "Ein Fehler ist aufgetreten. (Bitte prüfen und korrigieren Sie Ihren Nutzernamen bzw.\n das Passwort.)",
    "Type": "ERROR",
}


def envelope(code, content, type_="Information"):
    """A status reply in the service's envelope (Ident/Status/Parameter/Object/Copyright)."""
    return {
        "Ident": {"Service": "data", "Method": "tablefile"},
        "Status": {"Code": code, "Content": content, "Type": type_},
        "Parameter": {"username": "********************", "password": "********************"},
        "Object": None,
        "Copyright": "© Statistisches Bundesamt (Destatis), 2026",
    }


def cassette(name):
    path = CASSETTES / f"pystatis_cassette_{name}.yaml"
    if not path.exists():
        pytest.skip(f"recorded replies {path} not available (../shared/data/genesis-replies missing)")
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CLoader", yaml.SafeLoader))["interactions"]


def job_excerpt():
    return yaml.safe_load(JOB_EXCERPT.read_text(encoding="utf-8"))["interactions"]


def replay(rsps, interactions):
    """Answer each request with the next recorded interaction for the same URL, table or job
    selection, job flag and language; a request without a recorded answer gets a connection error."""
    queue = list(interactions)

    def answer(request):
        sent = dict(parse_qsl(request.body))
        for i, item in enumerate(queue):
            recorded = dict(parse_qsl(item["request"]["body"]))
            same = all(recorded.get(k) == sent.get(k) for k in ("name", "selection", "job", "language"))
            if item["request"]["uri"] == request.url and same:
                queue.pop(i)
                break
        else:  # like a vanished network: the client must not get an answer
            raise requests.ConnectionError(f"no recorded reply for {request.url} {sent}")
        reply = item["response"]
        body = reply["body"]["string"]
        headers = {k: v[0] for k, v in reply["headers"].items() if k.lower() in ("content-type", "content-disposition")}
        return reply["status"]["code"], headers, body.encode("utf-8") if isinstance(body, str) else body

    rsps.add_callback(responses.POST, re.compile(r"https://.*"), callback=answer)
    return queue


def client(database="regio", **options):
    options.setdefault("sleep", lambda s: None)
    return GenesisClient(database, Credentials(database, SECRET + "-user", SECRET + "-pw", "$TEST"), **options)


def reply_json(body, status=200, **headers):
    return responses.Response(responses.POST, re.compile(r"https://.*"), json=body, status=status, headers=headers)


@pytest.fixture
def secret_env(monkeypatch, tmp_path):
    for name, value in SECRET_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no pystatis config of the machine
    return SECRET_ENV


# --- recorded replies parsed by the same reader as the bundled files ---------------------------


def test_12411_reply_request_and_kiel_value(tmp_path):
    interactions = cassette("12411-01-01-4")
    with responses.RequestsMock() as rsps:
        replay(rsps, interactions)
        body = client().tablefile("12411-01-01-4")
        sent = rsps.calls[0].request
    # the request is the recorded one: same URL, same form parameters, login in the headers
    assert sent.url == BASE_URLS["regio"] + "data/tablefile"
    assert dict(parse_qsl(sent.body, keep_blank_values=True)) == dict(
        parse_qsl(interactions[0]["request"]["body"], keep_blank_values=True)
    )
    assert (sent.headers["username"], sent.headers["password"]) == (SECRET + "-user", SECRET + "-pw")
    frame = read_ffcsv(body)
    kiel = frame[(frame["ags"] == "01002") & (frame["GES_code"] == "")].iloc[0]
    assert (kiel["value"], kiel["date"]) == (252668, "2024-12-31")
    # stored under the recipe's name, byte-identical to the bundled file (its decoded body)
    (path,) = save_reply(body, TABLES["12411-01-01-4"], tmp_path)
    bundled = SHARED / POP_2024
    assert path.relative_to(tmp_path).as_posix() == POP_2024
    assert path.read_bytes() == bundled.read_bytes()


@pytest.mark.parametrize(
    "table, database, place, value",
    [
        ("13111-01-03-4", "regio", "01002", None),  # 30.06.2025: Kreis cells are all '-'
        ("1000A-0000", "zensus", "01002000", 249132),  # Kiel, Zensus 2022
        ("12211-0001", "genesis", "DG", None),
        ("11111-02-01-4", "regio", "01002", None),
    ],
)
def test_other_recorded_tables(tmp_path, table, database, place, value):
    with responses.RequestsMock() as rsps:
        replay(rsps, cassette(table))
        body = client(database).tablefile(table)
    frame = read_ffcsv(body)
    assert place in set(frame["ags"])
    if value is not None:
        assert frame.loc[frame["ags"] == place, "value"].iloc[0] == value
    files = save_reply(body, table_spec(table), tmp_path)
    assert files and all(read_ffcsv(f)["date"].nunique() == 1 for f in files)
    assert [f.parent.name for f in files] == [table_spec(table).folder] * len(files)


def test_fetch_names_match_the_recipe_files():
    """Every fetched flat file lands where the recipe looks for files of its table."""
    kinds = {"12411-01-01-4": "population", "12531-0043": "protection", "13111-01-03-4": "employees"}
    for table, kind in kinds.items():
        spec = TABLES[table]
        name = f"{spec.folder}/{spec.pattern.format(date='2031-12-31')}"
        assert fnmatch.fnmatch(name, genesis_tables.PATTERNS[kind]), (table, name)
    spec = TABLES["1000A-0000"]
    assert f"{spec.folder}/{spec.pattern}" == genesis_tables.ZENSUS_FILE


# --- code 98: the job mechanism ------------------------------------------------------------------


def test_job_mechanism_trimmed_recording():
    slept = []
    with responses.RequestsMock() as rsps:
        left = replay(rsps, job_excerpt())
        body = client("genesis", poll_interval=7, sleep=slept.append).tablefile("12531-0043")
        urls = [c.request.url.rsplit("/2020/", 1)[1] for c in rsps.calls]
        jobs = [dict(parse_qsl(c.request.body)).get("job") for c in rsps.calls]
        result_request = dict(parse_qsl(rsps.calls[-1].request.body))
    assert urls == ["data/tablefile", "data/tablefile"] + ["catalogue/results"] * 3 + ["data/resultfile"]
    assert jobs[:2] == ["false", "true"] and not left
    assert result_request["name"] == "12531-0043_175879554"
    assert slept == [7, 7]  # two polls said "not yet"
    frame = read_ffcsv(body)
    kiel = frame[frame["ags"] == "01002"]
    full = read_ffcsv(SHARED / PROTECTION_2024) if (SHARED / "kreise").is_dir() else None
    if full is not None:  # the excerpt's Kiel lines are those of the bundled file
        assert kiel["value"].sum() == full.loc[full["ags"] == "01002", "value"].sum()
    assert set(kiel["SCHST2_code"]) >= {"SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"}
    assert (kiel["date"] == "2024-12-31").all()


def test_job_mechanism_full_recording_406_polls():
    interactions = cassette("12531-0043")
    slept = []
    with responses.RequestsMock() as rsps:
        replay(rsps, interactions)
        body = client("genesis", max_polls=500, sleep=slept.append).tablefile("12531-0043")
    assert len(slept) == 405  # 406 polls, the last one found the result
    bundled = gzip.decompress((SHARED / PROTECTION_2024).read_bytes())
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.read(archive.namelist()[0]) == bundled


def test_job_polls_are_bounded():
    job = envelope(99, "Der Bearbeitungsauftrag wurde erstellt. ... mit folgendem Namen abgerufen werden: 12531-0043_1")
    not_ready = envelope(104, "Es gibt keine Objekte zum angegebenen Selektionskriterium")
    slept = []
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE_URLS["genesis"] + "data/tablefile", json=envelope(98, "zu gross", "Fehler"))
        rsps.add(responses.POST, BASE_URLS["genesis"] + "data/tablefile", json=job)
        rsps.add(responses.POST, BASE_URLS["genesis"] + "catalogue/results", json=not_ready)
        with pytest.raises(ServiceError, match=r"12531-0043_1.*after 4 checks.*again later"):
            client("genesis", max_polls=4, sleep=slept.append).tablefile("12531-0043")
        polls = [c for c in rsps.calls if c.request.url.endswith("catalogue/results")]
    assert len(polls) == 4 and len(slept) == 4


# --- error cases ---------------------------------------------------------------------------------


def test_no_network_unknown_host_and_closed_port():
    with responses.RequestsMock():  # nothing registered: like a machine without network
        with pytest.raises(NetworkError, match="cannot reach .*no network connection"):
            client().tablefile("12411-01-01-4")
    closed = client(base_url="http://127.0.0.1:9/genesisws/rest/2020/", timeout=(2, 2))
    with pytest.raises(NetworkError, match="cannot reach http://127.0.0.1:9/"):
        closed.tablefile("12411-01-01-4")


def test_timeout_is_a_network_error():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, re.compile(".*"), body=requests.ReadTimeout("read timed out"))
        with pytest.raises(NetworkError, match="no answer .* within"):
            client().tablefile("12411-01-01-4")


@pytest.mark.parametrize(
    "reply, status",
    [(WRONG_LOGIN, 200), (envelope(15, "Sie sind nicht berechtigt diesen Service aufzurufen", "ERROR"), 200), ({}, 401)],
)
def test_wrong_credentials(reply, status):
    with responses.RequestsMock() as rsps:
        rsps.add(reply_json(reply, status))
        with pytest.raises(CredentialsError, match=r"refused the credentials from \$TEST") as err:
            client().tablefile("12411-01-01-4")
    assert SECRET not in str(err.value)


def test_table_that_does_not_exist():
    with responses.RequestsMock() as rsps:
        rsps.add(reply_json(envelope(90, "Die angeforderte Tabelle ist nicht vorhanden.", "Fehler")))
        with pytest.raises(TableNotFoundError, match="table 99999-0001 was not found .*status 90"):
            client("genesis").tablefile("99999-0001")
    with pytest.raises(TableNotFoundError, match="'Bevölkerung' is not a GENESIS table code"):
        table_spec("Bevölkerung")


def test_rate_limit_retried_with_backoff_then_ok():
    ok = cassette("11111-02-01-4")[0]["response"]["body"]["string"]
    slept = []
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, re.compile(".*"), status=429, headers={"Retry-After": "30"})
        rsps.add(responses.POST, re.compile(".*"), status=503)
        rsps.add(responses.POST, re.compile(".*"), body=ok, content_type="application/zip")
        body = client(sleep=slept.append, backoff=1.5, max_wait=20).tablefile("11111-02-01-4")
    assert slept == [20, 3.0]  # Retry-After capped at max_wait; then backoff * 2**1
    assert "01002" in set(read_ffcsv(body)["ags"])


@pytest.mark.parametrize("status, what", [(500, "server error"), (429, "rate limit")])
def test_server_errors_are_bounded(status, what):
    slept = []
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, re.compile(".*"), status=status)
        with pytest.raises(ServiceError, match=f"HTTP {status} .*{what}.* 3 times"):
            client(retries=2, sleep=slept.append).tablefile("12411-01-01-4")
        assert len(rsps.calls) == 3
    assert slept == [2.0, 4.0]


def test_service_error_never_echoes_the_secret():
    echoed = envelope(-1, f"Unerwarteter Fehler für Benutzer {SECRET}-user", "Fehler")
    with responses.RequestsMock() as rsps:
        rsps.add(reply_json(echoed))
        with pytest.raises(ServiceError) as err:
            client().tablefile("12411-01-01-4")
    assert "Unerwarteter Fehler für Benutzer ***" in str(err.value) and SECRET not in str(err.value)
    assert SECRET not in repr(client()) + repr(client().credentials)


def test_years_without_data_and_bad_years(tmp_path):
    body = None
    with responses.RequestsMock() as rsps:
        replay(rsps, cassette("12411-01-01-4"))
        body = client().tablefile("12411-01-01-4", 2024, 2024)
        assert dict(parse_qsl(rsps.calls[0].request.body))["startyear"] == "2024"
    with pytest.raises(FetchError, match=r"no values for the years \[2023\] \(the reply holds 2024-12-31\)"):
        save_reply(body, TABLES["12411-01-01-4"], tmp_path, [2023])
    assert not any(tmp_path.rglob("*.csv"))
    with pytest.raises(ParameterError, match="year 'zwanzig' is not a number"):
        refresh(["12411-01-01-4"], ["zwanzig"], cache=tmp_path, clients={})


def test_truncated_reply_is_a_source_format_error(tmp_path):
    body = cassette("12411-01-01-4")[0]["response"]["body"]["string"]
    with pytest.raises(SourceFormatError, match="web-service reply for table 12411-01-01-4: not a complete zip"):
        save_reply(body[: len(body) // 2], TABLES["12411-01-01-4"], tmp_path)


# --- credentials ---------------------------------------------------------------------------------


def test_missing_credentials_name_the_variables(tmp_path):
    with pytest.raises(CredentialsError, match="Set WLA_REGIO_TOKEN .* or WLA_REGIO_USER and WLA_REGIO_PASSWORD"):
        find_credentials("regio", environ={}, config_file=tmp_path / "none.ini")
    with pytest.raises(CredentialsError, match="WLA_GENESIS_PASSWORD is not set"):
        find_credentials("genesis", environ={"WLA_GENESIS_USER": "someone"})


def test_credentials_sources_in_order(tmp_path):
    ini = tmp_path / "config.ini"
    ini.write_text("[zensus]\nusername = zuser\npassword = zpw\n", encoding="utf-8")
    from_file = find_credentials("zensus", environ={}, config_file=ini)
    assert from_file.headers() == {"username": "zuser", "password": "zpw"} and from_file.origin == str(ini)
    token = find_credentials("genesis", environ={"WLA_GENESIS_TOKEN": "tok", "WLA_GENESIS_USER": "u"})
    assert token.headers() == {"username": "tok", "password": ""} and "tok" not in repr(token)
    env = {"PYSTATIS_REGIO_API_USERNAME": "pu", "PYSTATIS_REGIO_API_PASSWORD": "pp"}
    assert find_credentials("regio", environ=env, config_file=ini).headers() == {"username": "pu", "password": "pp"}


def test_cli_missing_credentials_before_any_request(monkeypatch, tmp_path, capsys):
    for name in list(SECRET_ENV) + ["WLA_REGIO_TOKEN", "WLA_GENESIS_USER", "WLA_ZENSUS_USER"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PYSTATIS_CONFIG_DIR", raising=False)
    with responses.RequestsMock():  # any request would fail the test with a connection error
        code = cli.main(["fetch", "--raw-cache", str(tmp_path / "cache"), "--out", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2 and "no credentials for the GENESIS-Online" in err and "WLA_GENESIS_TOKEN" in err
    assert not (tmp_path / "data").exists()


# --- refresh: all or nothing, and secrets stay out of every file ---------------------------------


def snapshot_copy(tmp_path):
    if not (SNAPSHOT / "manifest.json").exists():
        pytest.skip("committed snapshot data/ not available")
    out = tmp_path / "data"
    shutil.copytree(SNAPSHOT, out)
    return out


def tree_bytes(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_overlay_later_layers_win(tmp_path):
    (tmp_path / "a" / "kreise").mkdir(parents=True)
    (tmp_path / "b" / "kreise").mkdir(parents=True)
    (tmp_path / "b" / ".incoming-1").mkdir()
    (tmp_path / "a" / "kreise" / "x.csv").write_text("old")
    (tmp_path / "a" / "kreise" / "y.csv").write_text("kept")
    (tmp_path / "b" / "kreise" / "x.csv").write_text("new")
    (tmp_path / "b" / ".incoming-1" / "z.csv").write_text("staged")
    merged = overlay(tmp_path / "m", [tmp_path / "a", tmp_path / "b"])
    assert {p: b.decode() for p, b in tree_bytes(merged).items()} == {"kreise/x.csv": "new", "kreise/y.csv": "kept"}


def test_failed_download_leaves_snapshot_and_cache_untouched(tmp_path, secret_env, caplog):
    out = snapshot_copy(tmp_path)
    cache = tmp_path / "cache"
    (cache / "kreise").mkdir(parents=True)
    (cache / "kreise" / "earlier.csv").write_bytes(b"an earlier download")
    before, cache_before = tree_bytes(out), tree_bytes(cache)
    caplog.set_level("DEBUG")
    with responses.RequestsMock() as rsps:
        replay(rsps, job_excerpt()[:1])  # 12531 answers "too large", then the network is gone
        with pytest.raises(NetworkError) as err:
            refresh(["12531-0043"], cache=cache, raw=SHARED, out=out)
    assert tree_bytes(out) == before and tree_bytes(cache) == cache_before
    assert sorted(p.name for p in cache.iterdir()) == ["kreise"]  # no staging folder left
    assert SECRET not in str(err.value) + caplog.text


def test_failed_rebuild_leaves_snapshot_byte_identical(tmp_path, secret_env):
    """The download succeeds but the recipe rejects the new file (an unknown Schutzstatus code):
    snapshot and cache stay as they were, no temporary folder is left beside the snapshot."""
    if not SHARED.is_dir():
        pytest.skip("raw files ../shared/data not available")
    out = snapshot_copy(tmp_path)
    before = tree_bytes(out)
    interactions = job_excerpt()
    result = interactions[-1]["response"]["body"]
    with zipfile.ZipFile(io.BytesIO(result["string"])) as archive:
        name = archive.namelist()[0]
        csv = archive.read(name).replace(b"SCHUTZST-OF", b"SCHUTZST-ZZ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, csv)
    result["string"] = buffer.getvalue()
    cache = tmp_path / "cache"
    with responses.RequestsMock() as rsps:
        replay(rsps, interactions)
        clients = {"genesis": client("genesis")}
        with pytest.raises(SourceFormatError, match=r"12531-0043_schutzsuchende_2024-12-31_flat.csv.gz: unknown Schutzstatus"):
            refresh(["12531-0043"], cache=cache, raw=SHARED, out=out, clients=clients)
    assert tree_bytes(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".snapshot-")] == []
    assert list(cache.iterdir()) == []


def test_cli_fetch_rebuilds_snapshot_and_writes_no_secret(tmp_path, secret_env, monkeypatch, capsys, caplog):
    """`wla fetch` end to end against the recorded 12411 reply: the cache file is the bundled
    file byte for byte, the rebuilt snapshot verifies and holds Kiel's population, and none of
    the secrets in the environment is in any file written, in the output or in the logs."""
    if not SHARED.is_dir():
        pytest.skip("raw files ../shared/data not available")
    interactions = cassette("12411-01-01-4")
    out, cache = tmp_path / "data", tmp_path / "cache"
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # the temporary raw overlay goes here too
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    caplog.set_level("DEBUG")
    with responses.RequestsMock() as rsps:
        replay(rsps, interactions)
        code = cli.main(["fetch", "--tables", "12411-01-01-4", "--raw-cache", str(cache), "--raw", str(SHARED), "--out", str(out)])
        headers = rsps.calls[0].request.headers
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert (headers["username"], headers["password"]) == (SECRET_ENV["WLA_REGIO_USER"], SECRET_ENV["WLA_REGIO_PASSWORD"])
    fetched = cache / POP_2024
    assert fetched.read_bytes() == (SHARED / POP_2024).read_bytes()
    assert str(fetched) in printed.out and "1 files fetched" in printed.out
    manifest = verify_snapshot(out)
    assert manifest["raw_files"][fetched.name]["folder"] == "kreise"
    rows = pd.read_parquet(out / "genesis_tables.parquet")
    kiel = rows[(rows.indicator == "bevoelkerung_z22") & (rows.ags == "01002") & (rows.year == 2024) & (rows.category == "insgesamt")]
    assert kiel["value"].tolist() == [252668.0]
    assert not any((tmp_path / "tmp").iterdir())  # overlay and staging removed
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {fetched, out / "manifest.json", out / "catalog.csv", out / "genesis_tables.parquet"} <= set(written)
    texts = [printed.out, printed.err, caplog.text] + [p.read_bytes().decode("utf-8", "replace") for p in written]
    texts += [pd.read_parquet(p).to_csv() for p in written if p.suffix == ".parquet"]  # zstd-compressed
    assert not any(SECRET in text for text in texts)


def test_cli_without_network_ends_quickly_with_a_clear_message(tmp_path, secret_env, monkeypatch, capsys):
    monkeypatch.setitem(BASE_URLS, "regio", "http://127.0.0.1:9/genesisws/rest/2020/")
    code = cli.main(["fetch", "--tables", "12411-01-01-4", "--raw-cache", str(tmp_path / "c"), "--out", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach http://127.0.0.1:9/" in err and SECRET not in err
    assert not (tmp_path / "d").exists() and list((tmp_path / "c").iterdir()) == []


def test_base_urls_are_those_of_the_recordings():
    """The three services' addresses are the ones the recorded requests went to."""
    recorded = {"regio": "12411-01-01-4", "genesis": "12211-0001", "zensus": "1000A-0000"}
    for database, table in recorded.items():
        uri = cassette(table)[0]["request"]["uri"]
        assert uri == BASE_URLS[database] + "data/tablefile"
    default = GenesisClient("regio", Credentials("regio", "u", "p", "$X"))
    assert default.timeout == (10, 300) and default.retries == 3 and default.max_polls == 90


# --- 22811-01-01-4: AsylbLG and SGB II recipients per Kreis (Regionaldatenbank) -------------------

#: HAND-MADE reply body, not a recording (see tests/fixtures/handmade_22811-01-01-4_README.md):
#: the flat-file layout with the check values of ../shared/data/kreise/SOURCES.md §10.
HANDMADE_22811 = HERE / "fixtures" / "handmade_22811-01-01-4_ffcsv_from_sources_check_values.csv"


def handmade_22811_reply() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(HANDMADE_22811, "22811-01-01-4_flat.csv")
    return buffer.getvalue()


def test_22811_is_fetched_from_the_regionaldatenbank_under_the_recipe_pattern():
    from wla.snapshot import mindestsicherung_tables

    spec = TABLES["22811-01-01-4"]
    assert spec.database == "regio" and BASE_URLS["regio"].startswith("https://www.regionalstatistik.de/")
    name = f"{spec.folder}/{spec.pattern.format(date='2031-12-31')}"
    assert fnmatch.fnmatch(name, mindestsicherung_tables.FLAT_PATTERN)


def test_22811_handmade_reply_fetched_and_read_by_the_recipe(tmp_path):
    from wla.snapshot import mindestsicherung_tables as recipe

    if not SHARED.is_dir():
        pytest.skip("raw files ../shared/data not available")
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE_URLS["regio"] + "data/tablefile", body=handmade_22811_reply(),
                 content_type="application/zip")
        result = refresh(["22811-01-01-4"], cache=tmp_path / "cache", clients={"regio": client()}, rebuild=False)
    names = sorted(p.relative_to(tmp_path / "cache").as_posix() for p in result.files)
    assert names == [f"kreise/regionalstatistik_destatis_22811-01-01-4_mindestsicherung_{d}_flat.csv"
                     for d in ("2014-12-31", "2024-12-31")]
    raw = overlay(tmp_path / "raw", [SHARED, tmp_path / "cache"])
    rows = recipe.build(raw)
    asyl = rows[(rows["indicator"] == "asylbewerberleistungen") & (rows["category"] == "insgesamt")]
    value = asyl.set_index(["ags", "year"])["value"]
    # check values of SOURCES.md §10a (2014) and §10b (2024)
    assert value[("DG", 2014)] == 362850 and value[("01002", 2014)] == 1332 and value[("09473", 2014)] == 255
    assert value[("01004", 2024)] == 2895 and value[("09473", 2024)] == 720
    # the fetched file replaces the bundled rows of its years: 2014 now holds only the three regions
    # of the fetched file, not the 400 Kreise of the bundled 661-31-4 file; 2013 stays bundled
    assert sorted(asyl.loc[asyl["year"] == 2014, "ags"]) == ["01002", "09473", "DG"]
    assert (asyl["year"] == 2013).sum() > 400
    sgb2 = rows[(rows["indicator"] == "sgb2_empfaenger") & (rows["year"] == 2024)].set_index(["ags", "category"])["value"]
    assert sgb2[("01002", "insgesamt")] == 27377 == sgb2[("01002", "erwerbsfaehige_lb")] + sgb2[("01002", "nicht_erwerbsfaehige_lb")]
    assert not rows.duplicated(["ags", "level", "year", "indicator", "category"]).any()
    # the catalogue rows name the fetched files and their dates
    ind = {i.id: i for i in recipe.indicators(raw)}["asylbewerberleistungen"]
    assert all(n.split("/")[-1] in ind.raw_files for n in names) and "31.12.2024" in ind.reference.split("fetched")[1]


def test_22811_unknown_benefit_label_is_a_format_error(tmp_path):
    from wla.snapshot import mindestsicherung_tables as recipe

    path = tmp_path / "kreise" / "x_22811-01-01-4_m_2024-12-31_flat.csv"
    path.parent.mkdir()
    path.write_bytes(HANDMADE_22811.read_bytes().replace("Hilfe zum Lebensunterhalt außerhalb von Einrichtungen nach dem SGB XII".encode(), b"Neue Leistung"))
    with pytest.raises(SourceFormatError, match="unexpected column"):
        recipe.flat_rows(path, pd.DataFrame(columns=["ags", "variable", "value"]))
