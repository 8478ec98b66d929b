"""The Python a docs reader types into: runs one Markdown file's ```python blocks in order, in one
namespace, like a script grown block by block.

Started by tests/docs/runner.py with the interpreter under test. Requests arrive as JSON lines on
stdin ({"code", "filename", "line", "env", "cwd"}); each answer is one JSON line on the file
descriptor given as argv[1]. The blocks' own output goes to this process's stdout and stderr.
Code is compiled under the Markdown file's name, padded so tracebacks show its line numbers.
"""

import json
import linecache
import os
import sys
import traceback

requests = sys.stdin
sys.stdin = open(os.devnull)
answers = os.fdopen(int(sys.argv[1]), "w", buffering=1)
sys.path[0] = ""                      # like `python -`: the current directory is importable
namespace = {"__name__": "__main__"}

for request in requests:
    request = json.loads(request)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    filename, source = request["filename"], "\n" * (request["line"] - 1) + request["code"]
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    answer = {"ok": True}
    try:
        exec(compile(source, filename, "exec"), namespace)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            answer = {"ok": False, "line": request["line"], "error": f"SystemExit({exc.code!r})"}
    except BaseException as exc:  # noqa: BLE001 - every failure is reported to the test
        frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == filename]
        answer = {"ok": False, "line": frames[-1].lineno if frames else request["line"],
                  "error": "".join(traceback.format_exception(exc))}
    sys.stdout.flush()
    sys.stderr.flush()
    answers.write(json.dumps(answer) + "\n")
