#!/usr/bin/python3
"""Runs a program with its stderr (and stdout) on a pseudo-terminal and prints one JSON line per
chunk of output as it arrives: {"t": CLOCK_MONOTONIC seconds, "text": ...}, then
{"exit": code}. Tests use it to see what a user at a terminal sees, and when."""
import json
import os
import pty
import sys
import time


def main(argv):
    pid, master = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        print(json.dumps({"t": time.monotonic(), "text": data.decode("utf-8", "replace")}),
              flush=True)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
