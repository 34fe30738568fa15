# Tries to write everywhere it should not: shared temp directories, root's home, the
# work directory's parents, and next to the files named on rtlduet's command line (found
# through /proc). Every attempt is silent; the model then behaves, so the run must agree.
import os

CANARY = "rtlduet-hostile-canary-write"


def try_write(path):
    try:
        with open(path, "w") as handle:
            handle.write("escaped\n")
    except OSError:
        pass


def ancestor_arguments():
    """Arguments of every process up the tree that /proc lets us read."""
    found = []
    pid = os.getppid()
    for _ in range(16):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                found += [part.decode(errors="replace") for part in handle.read().split(b"\0")]
            with open(f"/proc/{pid}/stat") as handle:
                pid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
    return found


class TopModule:
    def __init__(self):
        for directory in ("/tmp", "/var/tmp", "/dev/shm", "/root", "/home", "/work", "/"):
            try_write(os.path.join(directory, CANARY))
        here = os.getcwd()
        for _ in range(6):
            here = os.path.dirname(here)
            try_write(os.path.join(here, CANARY))
        for argument in ancestor_arguments():
            if argument.startswith("/") and os.path.exists(argument):
                parent = argument if os.path.isdir(argument) else os.path.dirname(argument)
                try_write(os.path.join(parent, CANARY))
                try_write(argument)

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
