"""JupyterLab as a real client: the server lists the notebooks, offers the kernel "wla" and runs
a notebook's cells through its kernel API (REST + websocket channels).

The server runs from this interpreter (``python -m jupyterlab``) on a free loopback port with a
random token, with a temporary HOME and runtime folder; every wait is bounded.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid

import nbformat
import pytest
import requests

import wla.report
from wla.paths import PROJECT_ROOT
from wla.present.fmt import number

websocket = pytest.importorskip("websocket", reason="websocket-client not installed (pip install -e '.[test]')")

TIMEOUT = 60  # seconds for the server to come up, a kernel to start, a cell to run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("jupyter-home")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config")}
    log = open(home / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={PROJECT_ROOT}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=home,
    )
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"token {token}"
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert proc.poll() is None, f"jupyter lab exited: {(home / 'server.log').read_text()[-2000:]}"
            try:
                if session.get(f"{base}/api/status", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"no /api/status within {TIMEOUT} s"
            time.sleep(0.3)
        yield base, session, token
        # shutting down through the API is part of the check
        assert session.post(f"{base}/api/shutdown", timeout=10).status_code in (200, 204)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        log.close()


def test_server_needs_the_token(server):
    base, _, _ = server
    assert requests.get(f"{base}/api/contents/notebooks", timeout=10).status_code == 403


def test_server_lists_the_notebooks(server):
    base, session, _ = server
    answer = session.get(f"{base}/api/contents/notebooks", timeout=10)
    assert answer.status_code == 200
    listed = {item["name"] for item in answer.json()["content"] if item["type"] == "notebook"}
    assert {p.name for p in wla.report.notebooks()} <= listed


def test_server_offers_the_wla_kernel(server):
    base, session, _ = server
    specs = session.get(f"{base}/api/kernelspecs", timeout=10).json()["kernelspecs"]
    assert "wla" in specs
    assert specs["wla"]["spec"]["language"] == "python"


def _execute(ws, session_id: str, code: str) -> list[dict]:
    """Send ``code`` on the shell channel and collect the iopub messages until idle; return them
    with the execute_reply last."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": session_id, "msg_type": "execute_request",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    outputs, reply, idle = [], None, False
    deadline = time.monotonic() + TIMEOUT * 3
    while not (reply and idle):
        assert time.monotonic() < deadline, f"cell did not finish: {code[:80]}"
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_reply":
            reply = msg
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif kind in ("stream", "display_data", "execute_result", "error"):
            outputs.append(msg)
    return outputs + [reply]


def test_notebook_runs_through_the_kernel_api(server):
    base, session, token = server
    answer = session.post(f"{base}/api/kernels", json={"name": "wla", "path": "notebooks"}, timeout=TIMEOUT)
    assert answer.status_code == 201, answer.text
    kernel_id = answer.json()["id"]
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/api/kernels/{kernel_id}/channels?token={token}",
        timeout=TIMEOUT * 3, suppress_origin=True,
    )
    try:
        nb = nbformat.read(wla.report.NOTEBOOK_DIR / "00_regionsprofil.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", [])
        # parameters, set-up, and the first data cells (the members table)
        session_id = uuid.uuid4().hex
        shown = []
        for cell in code[:4]:
            messages = _execute(ws, session_id, cell.source)
            reply = messages[-1]["content"]
            errors = [m["content"] for m in messages if m["msg_type"] == "error"]
            assert reply["status"] == "ok" and not errors, f"{cell.source[:80]}: {reply.get('ename')} {errors}"
            shown += [m["content"]["data"].get("text/html", "") for m in messages if m["msg_type"] == "display_data"]
        pop = wla.region_total("bevoelkerung_z22", "kielregion", 2024)["value"].iloc[0]
        html = "".join(shown)
        assert 'class="wla-source"' in html and number(pop) in html
    finally:
        ws.close()
        assert session.delete(f"{base}/api/kernels/{kernel_id}", timeout=TIMEOUT).status_code == 204
