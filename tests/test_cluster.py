"""deploy/cluster.sh with 3 `pellucid serve` processes on PostgreSQL + Redis behind HAProxy:
concurrent writes through different processes stay consistent, rate limits are shared (and see
the client's own address through the load balancer), and traffic survives one process killed
mid-way, with clients retrying idempotent requests only. It proves behaviour, not speed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import httpx
import pytest

from pellucid.server import admin
from pellucid.server.store.db import Store
from tests.dataservice.conftest import ACCEPT_V1, path
from tests.oauth.flow import PASSWORD, REDIRECT_URI, csrf
from tests.support.harness import Database, free_port

pytestmark = [pytest.mark.subprocess, pytest.mark.sqlite_only]  # runs once, on its own PostgreSQL

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 3
DATA_RATE = 120  # Data Service requests per minute per user, shared by the processes
LOGIN_RATE = 5  # sign-in attempts per address and login
PATIENCE = 60  # seconds any wait in here may take: bounds the test, not a performance goal


class Cluster:
    def __init__(self, port: int, backend_ports: list[int], run_dir: Path, store: Store) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.backends = [f"http://127.0.0.1:{backend}" for backend in backend_ports]
        self.run_dir = run_dir
        self.store = store

    def pid(self, process: int) -> int:
        return int((self.run_dir / f"serve-{process}.pid").read_text())

    def user(self) -> dict[str, str]:
        """Headers of a fresh user's data-service.admin token."""
        account = admin.create_account(self.store, f"Cluster {uuid.uuid4().hex[:6]}")["id"]
        user = admin.create_user(self.store, account_id=account, email=f"c-{uuid.uuid4().hex[:8]}@example.com",
                                 first_name="C", last_name="Luster", password=PASSWORD)
        client = admin.create_client(self.store, "cluster", [REDIRECT_URI])
        token = admin.issue_token(self.store, client_id=client["client_id"], user_id=user["userId"],
                                  scope_list=["data-service.admin"])["access_token"]
        return {"Authorization": f"Bearer {token}", "Accept": ACCEPT_V1, "email": user["email"],
                "client_id": client["client_id"]}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    assert _has("haproxy"), "haproxy is missing: `./dev test` installs it (apt-get install -y haproxy)"
    tmp = tmp_path_factory.mktemp("cluster")
    database = Database("postgresql", tmp)
    port, *backend_ports = (free_port() for _ in range(PROCESSES + 1))
    env = {**os.environ, "PELLUCID": str(Path(sys.executable).with_name("pellucid"))}
    script = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "cluster.sh"), "--database", database.url,
         "--redis-url", "redis://127.0.0.1:6379/0", "--port", str(port),
         "--backend-ports", ",".join(map(str, backend_ports)), "--run-dir", str(tmp / "run"), "--",
         "--access-log", "off", "--data-service-rate", str(DATA_RATE), "--login-rate", f"{LOGIN_RATE}/300"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    store = Store(database.url)
    try:
        built = Cluster(port, backend_ports, tmp / "run", store)
        _wait(lambda: all(_healthy(url) for url in [built.url, *built.backends]), "the cluster to answer")
        yield built
    finally:
        script.send_signal(signal.SIGTERM)
        try:
            script.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(script.pid, signal.SIGKILL)  # the script, its processes and HAProxy
            script.wait()
        store.dispose()
        database.drop()


def test_concurrent_creates_through_every_process_get_each_item_once_at_its_own_position(cluster):
    owner = cluster.user()
    items_path = _collection(cluster.url, owner, ["Key"])

    def create(process: int) -> list[str]:
        with httpx.Client(base_url=cluster.backends[process], headers=_api(owner), timeout=PATIENCE) as http:
            made = []
            for batch in range(6):
                keys = [f"{process}-{batch}-{k}" for k in range(5)]
                response = http.post(items_path, json=[{"Key": key} for key in keys])
                assert response.status_code == 200, response.text
                made += keys
            return made

    with ThreadPoolExecutor(PROCESSES) as pool:
        expected = sorted(key for keys in pool.map(create, range(PROCESSES)) for key in keys)
    with httpx.Client(base_url=cluster.url, headers=_api(owner), timeout=PATIENCE) as http:
        assert http.head(items_path).headers["Lucid-Items-Total"] == str(len(expected))
        listed = http.get(items_path).json()["items"]
    assert sorted(item["fields"]["Key"] for item in listed) == expected
    assert [int(item["uri"].rsplit("/", 1)[1]) for item in listed] == list(range(1, len(expected) + 1))


def test_concurrent_patches_of_different_fields_of_the_same_items_lose_nothing(cluster):
    owner = cluster.user()
    fields = [f"F{process}" for process in range(PROCESSES)]
    items_path = _collection(cluster.url, owner, fields)
    with httpx.Client(base_url=cluster.url, headers=_api(owner), timeout=PATIENCE) as http:
        created = http.post(items_path, json=[{} for _ in range(20)]).json()
    rounds = 8

    def patch(process: int) -> None:
        with httpx.Client(base_url=cluster.backends[process], headers=_api(owner), timeout=PATIENCE) as http:
            for round_ in range(1, rounds + 1):
                body = [{"uri": item["uri"], "fields": {fields[process]: str(round_)}} for item in created]
                response = http.patch(items_path, json=body)
                assert response.status_code == 200, response.text

    with ThreadPoolExecutor(PROCESSES) as pool:
        list(pool.map(patch, range(PROCESSES)))
    with httpx.Client(base_url=cluster.url, headers=_api(owner), timeout=PATIENCE) as http:
        final = http.get(items_path).json()["items"]
    assert [item["fields"] for item in final] == [{name: str(rounds) for name in fields}] * len(created)


def test_rate_limits_are_shared_by_the_processes(cluster):
    headers = _api(cluster.user())

    def burst(process: int) -> list[int]:
        with httpx.Client(base_url=cluster.backends[process], headers=headers, timeout=PATIENCE) as http:
            return [http.get("/dataSets").status_code for _ in range(DATA_RATE // 2)]

    with ThreadPoolExecutor(PROCESSES) as pool:
        per_process = list(pool.map(burst, range(PROCESSES)))
    admitted = sum(statuses.count(200) for statuses in per_process)
    # Alone, each process would admit all of its DATA_RATE / 2 requests. Shared, the user's
    # window admits DATA_RATE (a request or two more if the burst straddles a minute).
    assert admitted <= DATA_RATE + 2
    assert all(429 in statuses for statuses in per_process)
    assert set(sum(per_process, [])) == {200, 429}


def test_sign_in_limits_are_shared_and_keyed_by_the_address_behind_the_load_balancer(cluster):
    user = cluster.user()
    attacker, bystander = _browser(cluster, "127.0.0.2"), _browser(cluster, "127.0.0.3")
    statuses = [_sign_in(attacker, user, "wrong") for _ in range(LOGIN_RATE + 3)]
    assert statuses == [401] * LOGIN_RATE + [429] * 3  # round-robin over 3 processes, one window
    assert _sign_in(bystander, user, "wrong") == 401  # another address: its own window
    assert _sign_in(_browser(cluster, "127.0.0.4"), user, PASSWORD) == 303


def test_traffic_survives_a_process_killed_mid_way_with_idempotent_retries_only(cluster):
    clients = [_Client(cluster) for _ in range(PROCESSES)]
    stop = threading.Event()
    threads = [threading.Thread(target=client.run, args=(stop,)) for client in clients]
    for thread in threads:
        thread.start()
    try:
        _wait(lambda: all(client.rounds >= 5 for client in clients), "traffic before the kill")
        os.kill(cluster.pid(2), signal.SIGKILL)
        after_kill = [client.rounds for client in clients]
        _wait(lambda: "processes/p2 is DOWN" in (cluster.run_dir / "haproxy.log").read_text(),
              "the health check to take process 2 out")
        _wait(lambda: all(c.rounds >= n + 10 for c, n in zip(clients, after_kill)), "traffic after the kill")
    finally:
        stop.set()
        for thread in threads:
            thread.join(PATIENCE)
    for client in clients:
        assert client.failed_reads == [], client.failed_reads  # every read succeeded, retried when needed
        assert client.unexpected == [], client.unexpected
        stored = client.read()
        client.http.close()
        # The last acknowledged write, or one sent after it whose answer was lost with the process.
        assert stored == client.acknowledged or stored in client.unanswered_after_ack, (stored, client.acknowledged)


# ---------------------------------------------------------------------------------- helpers


RETRYABLE = {502, 503, 504}


class _Client:
    """Through the load balancer: PATCH a counter (never resent: its fate is read back), GET it
    back (resent on a gateway error or a broken connection: reading twice is harmless)."""

    def __init__(self, cluster: Cluster) -> None:
        self.headers = _api(cluster.user())
        self.http = httpx.Client(base_url=cluster.url, headers=self.headers, timeout=PATIENCE)
        items = _collection(cluster.url, self.headers, ["N"])
        self.item = path(self.http.post(items, json=[{"N": "0"}]).json()[0]["uri"])
        self.rounds = 0
        self.acknowledged = "0"
        self.unanswered_after_ack: list[str] = []
        self.failed_reads: list[str] = []
        self.unexpected: list[str] = []

    def run(self, stop: threading.Event) -> None:
        for n in range(1, 500):
            if stop.is_set():
                break
            value = str(n)
            try:
                response = self.http.patch(self.item, json={"fields": {"N": value}})
                if response.status_code == 200:
                    self.acknowledged, self.unanswered_after_ack = value, []
                elif response.status_code in RETRYABLE:
                    self.unanswered_after_ack.append(value)
                else:
                    self.unexpected.append(f"PATCH {response.status_code} {response.text}")
            except httpx.TransportError:
                self.unanswered_after_ack.append(value)
            try:
                self.read()
            except AssertionError as error:
                self.failed_reads.append(str(error))
            self.rounds += 1

    def read(self) -> str:
        for attempt in range(5):
            try:
                response = self.http.get(self.item)
            except httpx.TransportError:
                time.sleep(0.2 * (attempt + 1))
                continue
            if response.status_code not in RETRYABLE:
                assert response.status_code == 200, response.text
                return response.json()["fields"]["N"]
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError("GET failed 5 times")


def _api(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": user["Authorization"], "Accept": user["Accept"]}


def _collection(base_url: str, user: dict[str, str], fields: list[str]) -> str:
    with httpx.Client(base_url=base_url, headers=_api(user), timeout=PATIENCE) as http:
        source = http.post("/dataSources", json={"name": "Cluster"}).json()
        schema = [{"name": name, "fieldType": "STRING"} for name in fields]
        collection = http.post("/collections", json={"dataSource": source["uri"], "name": "C", "schema": schema,
                                                     "properties": {}})
        assert collection.status_code == 200, collection.text
        return path(collection.json()["items"])


def _browser(cluster: Cluster, address: str) -> httpx.Client:
    return httpx.Client(base_url=cluster.url, timeout=PATIENCE, transport=httpx.HTTPTransport(local_address=address))


def _sign_in(browser: httpx.Client, user: dict[str, str], password: str) -> int:
    params = {"client_id": user["client_id"], "redirect_uri": REDIRECT_URI, "scope": "user.profile"}
    page = browser.get("/oauth2/authorize", params=params)
    assert page.status_code == 200, page.text
    return browser.post("/oauth2/authorize", params=params, data={
        "csrf_token": csrf(page), "action": "login", "login": user["email"], "password": password}).status_code


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _has(program: str) -> bool:
    return any((Path(folder) / program).exists() for folder in os.environ.get("PATH", "").split(os.pathsep))


def _wait(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
