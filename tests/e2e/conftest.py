"""Browser tests: Debian's Chromium (Playwright) against a real ``streamlit run``.

One app server per test module: a fresh DuckDB file under a temp dir, seeded through
the CLI *before* the server starts (DuckDB allows one read-write process per file),
then ``streamlit run app.py`` on a free port of 127.0.0.1. Every test gets its own
browser context, so cookies and sessions never leak from one test into another.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

E2E_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = E2E_DIR.parent.parent
ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
# Streamlit renders asynchronously over a websocket: expect() with a generous timeout
# is the synchronisation, never a sleep.
UI_TIMEOUT_MS = 20_000
STARTUP_SECONDS = 90
ADMIN_USERNAME = "admin"
# Meets the password rule (12+ characters, a digit or symbol, not containing the name).
ADMIN_PASSWORD = "Lindenplatz-2026!"
SESSION_COOKIE = "quartier_session"

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
_CHROMIUM_MISSING: list[str] = []


# --------------------------------------------------------------------------- hooks


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is an e2e test (``-m "not e2e"`` deselects them)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    if report.failed:
        for name in ("quartier_app", "cold_quartier_app"):
            app = getattr(item, "funcargs", {}).get(name)
            if isinstance(app, QuartierApp):
                report.sections.append((f"{name}: server log (tail)", app.log_tail()))
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for message in dict.fromkeys(_CHROMIUM_MISSING):
        terminalreporter.write_sep("!", "BROWSER TESTS NOT RUN", red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)


# --------------------------------------------------------------------------- Chromium


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium (Playwright cannot download its own browser here)."""
    candidate = os.environ.get("QUARTIER_CHROMIUM", "").strip() or DEFAULT_CHROMIUM
    path = Path(candidate)
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    message = (
        f"Chromium not found at {candidate!r}: the browser (e2e) tests cannot run. "
        "Install it with `apt-get update && apt-get install -y chromium` "
        "(gives /usr/bin/chromium) or point QUARTIER_CHROMIUM at a Chromium binary."
    )
    if _ci():
        pytest.fail(f"CI is set and {message}", pytrace=False)
    _CHROMIUM_MISSING.append(message)
    pytest.skip(f"!!! {message}")


@pytest.fixture(scope="session")
def playwright_driver(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(chromium_path: str, playwright_driver: Playwright) -> Iterator[Browser]:
    expect.set_options(timeout=UI_TIMEOUT_MS)
    launched = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


# --------------------------------------------------------------------------- the app


@dataclass(frozen=True)
class Account:
    role: str
    username: str
    password: str


@dataclass(frozen=True)
class QuartierApp:
    """A running ``streamlit run app.py`` and the accounts seeded into its database."""

    base_url: str
    accounts: tuple[Account, ...]
    log_path: Path

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def account(self, role: str) -> Account:
        for account in self.accounts:
            if account.role == role:
                return account
        raise LookupError(f"no seeded account with role {role!r} in {self.accounts}")

    @property
    def coordinator(self) -> Account:
        return self.account("coordinator")

    @property
    def admin(self) -> Account:
        return self.account("admin")

    def log_tail(self, chars: int = 6000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(server log unreadable: {exc})"
        return text[-chars:] or "(server log is empty)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(args: list[str], db: Path, env: dict[str, str], stdin: str | None = None) -> str:
    """Run ``python -m quartier.cli ARGS --db DB`` (stdin is a pipe, never a tty)."""
    command = [sys.executable, "-m", "quartier.cli", *args, "--db", str(db)]
    result = subprocess.run(
        command,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=180,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"seeding failed: {' '.join(command)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def _parse_accounts(stdout: str) -> list[Account]:
    """``quartier demo`` prints one ``role username password`` line per demo account."""
    accounts = []
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            accounts.append(Account(*parts))
    return accounts


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def _serve(workdir: Path) -> Iterator[QuartierApp]:
    """Seed a fresh database in ``workdir``, start the app on a free port, stop it by PID."""
    db = workdir / "q.duckdb"
    env = {
        **os.environ,
        "QUARTIER_DB": str(db),
        "QUARTIER_COOKIE_SECURE": "false",  # plain http on 127.0.0.1
        "PYTHONUNBUFFERED": "1",
    }
    _cli(["create-admin", ADMIN_USERNAME], db, env, stdin=ADMIN_PASSWORD + "\n")
    demo_output = _cli(["demo"], db, env)
    accounts = _parse_accounts(demo_output)
    if not any(a.role == "coordinator" for a in accounts):
        pytest.fail(
            f"`quartier demo` printed no coordinator account:\n{demo_output}", pytrace=False
        )
    accounts.insert(0, Account("admin", ADMIN_USERNAME, ADMIN_PASSWORD))

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        # Another engineer edits the code while tests run: no reload prompts mid-test.
        "--server.fileWatcherType",
        "none",
    ]
    app = QuartierApp(base_url, tuple(accounts), log_path)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            health = f"{base_url}/_stcore/health"
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(health):
                if process.poll() is not None:
                    pytest.fail(
                        f"streamlit exited with code {process.returncode} before "
                        f"{health} answered.\n--- server log ---\n{app.log_tail()}",
                        pytrace=False,
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"{health} did not answer within {STARTUP_SECONDS} s."
                        f"\n--- server log ---\n{app.log_tail()}",
                        pytrace=False,
                    )
                # Poll interval; returns at once if the server dies meanwhile.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.25)
            yield app
        finally:
            _stop(process)


@pytest.fixture(scope="module")
def quartier_app(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[QuartierApp]:
    """The app for a whole test module (fresh database)."""
    with _serve(tmp_path_factory.mktemp("quartier-e2e")) as app:
        yield app


@pytest.fixture
def cold_quartier_app(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[QuartierApp]:
    """A just-started app that no browser session has opened yet (one per test)."""
    with _serve(tmp_path_factory.mktemp("quartier-e2e-cold")) as app:
        yield app


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_REPORTS, {})
    return any(report.failed for report in reports.values())


@pytest.fixture
def new_context(
    browser: Browser, request: pytest.FixtureRequest, artifacts_dir: Path
) -> Iterator[Callable[..., BrowserContext]]:
    """Make fresh browser contexts (German browser, desktop size unless overridden).

    On failure every open page is saved as ``test-artifacts/FAILED-<test>-<n>.png``.
    """
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**{"viewport": DESKTOP, "locale": "de-DE", **options})
        context.set_default_timeout(UI_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    failed = _failed(request)
    shot = 0
    for context in contexts:
        if failed:
            for open_page in context.pages:
                shot += 1
                name = f"FAILED-{request.node.name}-{shot}.png".replace("/", "_")
                try:
                    open_page.screenshot(path=artifacts_dir / name)
                except Exception as exc:  # noqa: BLE001 - best effort, never mask the failure
                    print(f"could not save {name}: {exc}")
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
