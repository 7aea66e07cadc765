#!/usr/bin/env python3
"""The progress line in a real terminal (issue 19): gramstudio-cli runs with its stderr on a
pseudo-terminal of a given width (set with TIOCSWINSZ, $COLUMNS unset, so the CLI must ask the
terminal itself), and every redraw of the line must fit that width, at 80 and 50 columns, plain and
in compare mode. The test fails if no progress line was drawn at all, or none with a rate and ETA.

usage: progress_in_terminal_test.py CLI CONTENT STYLE
"""
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios


def run_on_terminal(cli, args, columns):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.Popen([cli] + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    code = proc.wait(timeout=600)
    return code, b"".join(chunks).decode("utf-8", "replace")


def check(cli, content, style, columns, extra):
    with tempfile.TemporaryDirectory() as folder:
        args = ["--content", content, "--style", style, "--size", "64", "--iters", "60",
                "--out", os.path.join(folder, "out.png")] + extra
        code, text = run_on_terminal(cli, args, columns)
    if code != 0:
        sys.exit("FAIL: exit %d at %d columns with %s:\n%s" % (code, columns, extra, text))
    # The terminal turns "\n" into "\r\n": every piece between carriage returns and line feeds
    # is one drawing of a line.
    drawn = [piece for piece in re.split(r"[\r\n]", text) if piece.strip()]
    progress = [piece for piece in drawn if piece.lstrip().startswith(("[", "it "))]
    if not progress:
        sys.exit("FAIL: no progress line drawn at %d columns with %s:\n%s" % (columns, extra, text))
    if not any("ETA" in piece for piece in progress):
        sys.exit("FAIL: no line with a rate and ETA at %d columns with %s:\n%s" % (columns, extra, text))
    too_wide = [piece for piece in progress if len(piece) > columns]
    if too_wide:
        sys.exit("FAIL: %d of %d drawings wider than %d columns, e.g. (%d) %r" %
                 (len(too_wide), len(progress), columns, len(too_wide[0]), too_wide[0]))
    widest = max(len(piece.rstrip()) for piece in progress)
    print("%d columns %s: %d drawings, widest %d characters" % (columns, " ".join(extra) or "plain",
                                                                 len(progress), widest))


def main():
    cli, content, style = sys.argv[1:4]
    for columns in (80, 50):
        for extra in ([], ["--compare", "diag"]):
            check(cli, content, style, columns, extra)
    print("PASS")


if __name__ == "__main__":
    main()
