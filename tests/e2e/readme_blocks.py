#!/usr/bin/env python3
"""Runs the console blocks of README.md and compares what they print with what it shows.

Usage: readme_blocks.py MTRACK SOURCE_DIR

Every ```console block of README.md runs, in the order of the file, in one temporary folder
that holds the project's fixtures/ and the files of tests/data/readme/, with `mtrack` (the
binary under test) first on PATH and a fresh HOME. Environment variables a command exports
carry over to the next commands, as in one shell session.

- A line starting "$ " is a command; a trailing backslash continues it on the next line.
- The lines after a command, up to the next one, are what it prints (stdout and stderr
  together), except lines holding only a comment ("# ..."), which go on the command's comment.
- A command with nothing shown must exit 0, or the status its comment names ("# ... exit 1");
  its output is not compared.
- Lines shown are compared in full: "..." on a line of its own stands for any number of lines,
  and "..." inside a line for any text.
- A command whose comment says "exit N" must exit with N; otherwise one whose shown output
  has a line starting "mtrack: " must fail (exit status not 0), and any other must succeed.
- `<!-- readme-test: tty COLUMNS -->` on the line before a block runs its commands on a
  terminal that many columns wide (through script(1)), with colour and the pager off.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile


def blocks(readme):
    """Yields (line number, tty columns or None, [lines]) for each console block."""
    lines = readme.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            tty = None
            if i > 0:
                m = re.match(r"<!-- readme-test: tty (\d+) -->", lines[i - 1].strip())
                if m:
                    tty = int(m.group(1))
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            yield start + 1, tty, lines[start:j]
            i = j
        i += 1


def commands(block_line, body):
    """Splits a block into (line number, command, [expected lines])."""
    out = []
    i = 0
    while i < len(body):
        line = body[i]
        if not line.startswith("$ "):
            raise SystemExit(f"README.md:{block_line + i}: output before any command: {line!r}")
        number = block_line + i
        cmd = line[2:]
        while cmd.endswith("\\") and i + 1 < len(body):
            i += 1
            cmd = cmd + "\n" + body[i]
        i += 1
        expected = []
        while i < len(body) and not body[i].startswith("$ "):
            if body[i].lstrip().startswith("#"):
                cmd += "\n" + body[i]  # the comment goes on: bash skips it, "exit N" counts
            else:
                expected.append(body[i])
            i += 1
        out.append((number, cmd, expected))
    return out


def line_matches(pattern, line):
    parts = pattern.split("...")
    regex = ".*".join(re.escape(p) for p in parts)
    return re.fullmatch(regex, line) is not None


def output_matches(expected, actual):
    """Matches lines, where an expected line "..." takes any number of actual lines."""
    memo = {}

    def match(e, a):
        key = (e, a)
        if key in memo:
            return memo[key]
        if e == len(expected):
            result = a == len(actual)
        elif expected[e].strip() == "...":
            result = any(match(e + 1, k) for k in range(a, len(actual) + 1))
        else:
            result = a < len(actual) and line_matches(expected[e], actual[a]) and match(e + 1, a + 1)
        memo[key] = result
        return result

    return match(0, 0)


def run(cmd, work, env_file, tty):
    script = f"set +e\nsource {env_file}\n{cmd}\nrc=$?\nexport -p > {env_file}\nexit $rc\n"
    script_file = os.path.join(work, ".readme-command.sh")
    with open(script_file, "w") as f:
        f.write(script)
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TMPDIR")}
    env.update({
        "HOME": work,
        "XDG_CONFIG_HOME": os.path.join(work, ".config"),
        "XDG_DATA_HOME": os.path.join(work, ".local", "share"),
        "PATH": os.path.dirname(MTRACK) + os.pathsep + "/usr/local/bin:/usr/bin:/bin",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "GITHUB_STEP_SUMMARY": os.path.join(work, "summary.md"),
    })
    if tty is None:
        p = subprocess.run(["bash", script_file], cwd=work, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    env.update({"TERM": "xterm", "NO_COLOR": "1", "MTRACK_PAGER": ""})
    inner = f"stty cols {tty} rows 200; bash {script_file}"
    p = subprocess.run(["script", "-qec", inner, "/dev/null"], cwd=work, env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace").replace("\r\n", "\n")


def main():
    global MTRACK
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    MTRACK = os.path.abspath(sys.argv[1])
    source = os.path.abspath(sys.argv[2])
    with open(os.path.join(source, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    failures = []
    count = 0
    with tempfile.TemporaryDirectory(prefix="mtrack-readme-") as work:
        shutil.copytree(os.path.join(source, "fixtures"), os.path.join(work, "fixtures"))
        data = os.path.join(source, "tests", "data", "readme")
        for name in sorted(os.listdir(data)):
            src = os.path.join(data, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(work, name))
            else:
                shutil.copy(src, work)
        env_file = os.path.join(work, ".readme-env")
        open(env_file, "w").close()
        for block_line, tty, body in blocks(readme):
            for number, cmd, expected in commands(block_line, body):
                count += 1
                status, output = run(cmd, work, env_file, tty)
                actual = output.rstrip("\n").split("\n") if output.strip() else []
                should_fail = any(e.startswith("mtrack: ") for e in expected)
                where = f"README.md:{number}: $ {cmd.splitlines()[0]}"
                named = re.search(r"#.*\bexit (\d+)", cmd)
                if named:
                    if status != int(named.group(1)):
                        failures.append(f"{where}\n  exit {status}, the README says {named.group(1)}:"
                                        "\n    " + "\n    ".join(actual))
                elif should_fail and status == 0:
                    failures.append(f"{where}\n  exit 0, but the README shows an error")
                elif not should_fail and status != 0:
                    failures.append(f"{where}\n  exit {status}:\n    " + "\n    ".join(actual))
                if expected and not output_matches(expected, actual):
                    failures.append(f"{where}\n  the README shows:\n    " +
                                    "\n    ".join(expected) + "\n  mtrack printed:\n    " +
                                    "\n    ".join(actual))
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    print(f"{count} README commands run, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
