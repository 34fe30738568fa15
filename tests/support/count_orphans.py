#!/usr/bin/python3
"""Runs a command as a child subreaper and reports what its descendants left behind.

    count_orphans.py PROGRAM ARGS...

Every process the command orphans (its parent ended first) is handed to this one instead of
init; once the command has ended, they are waited for (up to a few seconds) and the last line
on stderr says `orphans N cpu S`: how many there were and the CPU seconds nobody else counted.
Exits with the command's exit code. Standard library only.
"""
import ctypes
import os
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main():
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    command = os.fork()
    if command == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    code, orphans, cpu = 0, 0, 0.0
    deadline = None
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG if deadline else 0)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
            continue
        if pid == command:
            code = os.waitstatus_to_exitcode(status)
            deadline = time.monotonic() + 3
        else:
            orphans += 1
            cpu += usage.ru_utime + usage.ru_stime
    print(f"orphans {orphans} cpu {cpu:.3f}", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
