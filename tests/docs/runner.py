"""Run a Markdown file's snippets as a reader would: in order, in a fresh copy of the repository,
``sh`` blocks in one shell session and ``python`` blocks in one interpreter. docs/contributing.md
is the authors' side of this contract.

- Shell blocks run under ``set -eEuo pipefail``, so any failing command, unset variable or
  failing pipe stage fails the snippet. Variables, functions and the working directory carry over
  from block to block; exported variables reach the Python blocks.
- ``curl`` fails on HTTP errors (a ``.curlrc`` with ``fail-with-body``), so a 401 is not a pass.
- Ports a block names (``127.0.0.1:8080``, ``localhost:3001``, ``--port 3001``) are mapped to free
  ports, the same mapping for the whole file, and ``PELLUCID_PORT`` holds the one for 8080: test
  runs never collide with each other or with a server you left running.
- A ``background`` block is started and left running until the file is done; the runner waits
  until every port it names accepts connections.
- A failure names the Markdown file and line and shows the snippet's output.
"""

from __future__ import annotations

import ast
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .markdown import Snippet

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BLOCK_TIMEOUT = 180.0        # seconds one block may run
BACKGROUND_TIMEOUT = 300.0   # seconds a background block may take to listen (a first ./dev serve installs .venv)
_PORT = re.compile(r"((?:127\.0\.0\.1|localhost):|--port[ =])(\d{2,5})\b")

# Each shell block runs as `bash WRAPPER STATE_IN STATE_OUT BLOCK`: the state the blocks before it
# left is loaded, and saved when it exits (the variables it added, functions, the directory; and
# the environment and directory apart, for Python).
_WRAPPER = r"""
__docs_state=$2 __docs_block=$3
__docs_baseline=" $(compgen -v | tr '\n' ' ') "
__docs_save() {
  local __docs_name
  {
    for __docs_name in $(compgen -v); do
      case $__docs_baseline in *" $__docs_name "*) continue ;; esac
      case $__docs_name in __docs_* | _ | BASH_* | FUNCNAME | PIPESTATUS) continue ;; esac
      declare -p "$__docs_name" 2>/dev/null || true
    done
    declare -f
    printf 'cd %q\n' "$PWD"
  } > "$__docs_state"
  env -0 > "$__docs_state.env"
  printf %s "$PWD" > "$__docs_state.pwd"
}
[[ -f $1 ]] && source "$1"
trap __docs_save EXIT
set -eEuo pipefail
trap 'echo "@@snippet-failed ${BASH_SOURCE[0]} $LINENO" >&2' ERR
source "$__docs_block"
"""


def copy_repository(destination: Path) -> Path:
    """What a fresh clone holds: the tracked files, plus new files not yet committed."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class SnippetFailed(AssertionError):
    pass


class DocumentRun:
    """One Markdown file's snippets, run in order in `workdir` (a copy of the repository)."""

    def __init__(self, workdir: Path, scratch: Path, *, env: dict[str, str], python: str | Path) -> None:
        self.workdir = workdir
        self.scratch = scratch
        self.python = str(python)
        self.ports: dict[int, int] = {}
        self.log_path = scratch / "output.log"
        self.log = self.log_path.open("ab")
        self.state = scratch / "shell.state"
        (scratch / "wrapper.sh").write_text(_WRAPPER)
        (scratch / ".curlrc").write_text("fail-with-body\nsilent\nshow-error\n")
        self.env = {**env, "CURL_HOME": str(scratch)}
        self.env["PELLUCID_PORT"] = str(self.port_for(8080))
        self.background: list[subprocess.Popen] = []
        self.driver: subprocess.Popen | None = None
        self.blocks: dict[str, Snippet] = {}

    # ------------------------------------------------------------------ ports

    def port_for(self, port: int) -> int:
        if port not in self.ports:
            self.ports[port] = free_port()
        return self.ports[port]

    def rewrite(self, code: str) -> str:
        return _PORT.sub(lambda match: f"{match[1]}{self.port_for(int(match[2]))}", code)

    def named_ports(self, code: str) -> list[int]:
        return [self.port_for(int(match[2])) for match in _PORT.finditer(code)]

    # ------------------------------------------------------------------ running

    def run_all(self, snippets: list[Snippet]) -> str | None:
        """Run the blocks in order; the failure message of the first that fails, or None."""
        try:
            for snippet in snippets:
                self.run(snippet)
        except SnippetFailed as failure:
            return str(failure)
        return None

    def run(self, snippet: Snippet) -> None:
        if not snippet.runnable:
            self.check_syntax(snippet)
        elif snippet.language == "python":
            self.run_python(snippet)
        elif "background" in snippet.flags:
            self.start_background(snippet)
        else:
            self.run_shell(snippet)

    def check_syntax(self, snippet: Snippet) -> None:
        """Illustrative sh and python blocks are not run, but they must still parse."""
        if snippet.language == "python":
            try:
                compile(snippet.code, str(snippet.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            except SyntaxError as exc:
                self.fail(snippet, snippet.line + (exc.lineno or 1) - 1, f"illustrative block does not parse: {exc.msg}")
        elif snippet.language == "sh":
            result = subprocess.run(["bash", "-n"], input=snippet.code, capture_output=True, text=True)
            if result.returncode:
                self.fail(snippet, snippet.line, f"illustrative block does not parse: {result.stderr.strip()}")

    def block_file(self, snippet: Snippet) -> Path:
        name = f"{snippet.where(ROOT).replace('/', '__')}.sh"
        path = self.scratch / "blocks" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n" * (snippet.line - 1) + self.rewrite(snippet.code))
        self.blocks[str(path)] = snippet
        return path

    def shell_command(self, snippet: Snippet, *, keep_state: bool = True) -> list[str]:
        state_out = self.state if keep_state else self.scratch / "background.state"
        return ["bash", str(self.scratch / "wrapper.sh"), str(self.state), str(state_out),
                str(self.block_file(snippet))]

    def run_shell(self, snippet: Snippet) -> None:
        start = self.log.tell()
        try:
            result = subprocess.run(self.shell_command(snippet), cwd=self.workdir, env=self.env,
                                    stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                    timeout=BLOCK_TIMEOUT, start_new_session=True)
        except subprocess.TimeoutExpired:
            self.fail(snippet, snippet.line, f"still running after {BLOCK_TIMEOUT:.0f} s "
                      "(a server? mark the block `background`)", start)
        if result.returncode:
            output = self.output_since(start)
            found = re.findall(r"@@snippet-failed (\S+) (\d+)", output)
            line = int(found[0][1]) if found and found[0][0] in self.blocks else snippet.line
            where = self.blocks[found[0][0]] if found and found[0][0] in self.blocks else snippet
            self.fail(where, line, f"exit status {result.returncode}", start)

    def start_background(self, snippet: Snippet) -> None:
        ports = self.named_ports(snippet.code)
        if not ports:
            self.fail(snippet, snippet.line, "a background block must name the port it listens on "
                      "(e.g. in a comment: # http://127.0.0.1:8080)")
        problem, start = self.start(self.shell_command(snippet, keep_state=False), ports)
        if problem:
            self.fail(snippet, snippet.line, problem, start)

    def start(self, command: list[str], ports: list[int]) -> tuple[str | None, int]:
        """Start a long-running process and wait until it listens on `ports`: (problem, log offset)."""
        start = self.log.tell()
        process = subprocess.Popen(command, cwd=self.workdir, env=self.env, stdin=subprocess.DEVNULL,
                                   stdout=self.log, stderr=self.log, start_new_session=True)
        self.background.append(process)
        deadline = time.monotonic() + BACKGROUND_TIMEOUT
        while not all(listening(port) for port in ports):
            if process.poll() is not None:
                return f"exited with status {process.returncode} before listening", start
            if time.monotonic() > deadline:
                return f"not listening on {ports} after {BACKGROUND_TIMEOUT:.0f} s", start
            time.sleep(0.2)
        return None, start

    def shell_env(self) -> dict[str, str]:
        """The environment as the last shell block left it (what `export` gave Python)."""
        saved = self.state.with_name(self.state.name + ".env")
        if not saved.exists():
            return dict(self.env)
        pairs = saved.read_bytes().decode().split("\0")
        return dict(pair.split("=", 1) for pair in pairs if "=" in pair)

    def run_python(self, snippet: Snippet) -> None:
        if self.driver is None:
            read_fd, write_fd = os.pipe()
            self.driver = subprocess.Popen([self.python, "-u", str(HERE / "pydriver.py"), str(write_fd)],
                                           cwd=self.workdir, env=self.env, stdin=subprocess.PIPE,
                                           stdout=self.log, stderr=self.log, pass_fds=(write_fd,),
                                           text=True, start_new_session=True)
            os.close(write_fd)
            self.answers = os.fdopen(read_fd)
        pwd = self.state.with_name(self.state.name + ".pwd")    # where the last shell block left off
        cwd = pwd.read_text() if pwd.exists() else str(self.workdir)
        start = self.log.tell()
        request = {"code": self.rewrite(snippet.code), "filename": str(snippet.path.relative_to(ROOT)),
                   "line": snippet.line, "env": self.shell_env(), "cwd": cwd}
        self.driver.stdin.write(json.dumps(request) + "\n")
        self.driver.stdin.flush()
        ready, _, _ = select.select([self.answers], [], [], BLOCK_TIMEOUT)
        answer = json.loads(self.answers.readline() or "null") if ready else None
        if answer is None:
            self.fail(snippet, snippet.line, "Python did not finish the block (timeout or crash)", start)
        if not answer["ok"]:
            self.fail(snippet, answer["line"], answer["error"], start)

    # ------------------------------------------------------------------ reporting and clean-up

    def output_since(self, offset: int) -> str:
        self.log.flush()
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def fail(self, snippet: Snippet, line: int, reason: str, offset: int | None = None) -> None:
        lines = snippet.path.read_text().splitlines()
        source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        message = f"{snippet.where(ROOT, line)}: snippet failed: {source}\n{reason}"
        if offset is not None:
            output = [line for line in self.output_since(offset).strip().splitlines()
                      if not line.startswith("@@snippet-failed ")]
            tail = "\n".join(output[-60:])
            message += f"\n--- its output ---\n{tail}" if tail else "\n(no output)"
        message += "\n(how the docs tests run snippets: docs/contributing.md)"
        raise SnippetFailed(message)

    def close(self) -> None:
        processes = [*self.background, *([self.driver] if self.driver else [])]
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self.driver is not None:
            self.answers.close()
        self.log.close()


def reader_environment(*, venv_bin: Path | None) -> dict[str, str]:
    """The user's environment without the test run's own switches; `venv_bin` first on PATH
    (as after `source .venv/bin/activate`), or no virtualenv at all (a fresh terminal)."""
    ours = str(Path(sys.prefix) / "bin")
    path = [entry for entry in os.environ.get("PATH", "").split(os.pathsep) if entry and entry != ours]
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PELLUCID_", "PYTEST_", "VIRTUAL_ENV", "COV_"))}
    env["PATH"] = os.pathsep.join([str(venv_bin), *path] if venv_bin else path)
    return env
