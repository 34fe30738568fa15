# Tries to reach the network: every TCP port listening on the host (read from /proc/net),
# a public address, and a DNS lookup. Any success makes eval fail, so agreement means none.
import socket


def listening_ports():
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as handle:
                for line in handle.readlines()[1:]:
                    fields = line.split()
                    if len(fields) > 3 and fields[3] == "0A":
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return sorted(ports)


def reachable():
    reached = []
    for port in listening_ports()[:64]:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                reached.append(f"127.0.0.1:{port}")
        except OSError:
            pass
    for host, port in (("1.1.1.1", 53), ("8.8.8.8", 53)):
        try:
            with socket.create_connection((host, port), timeout=0.5):
                reached.append(f"{host}:{port}")
        except OSError:
            pass
    try:
        socket.getaddrinfo("example.com", 80)
        reached.append("dns")
    except OSError:
        pass
    return reached


class TopModule:
    def __init__(self):
        self.reached = reachable()

    def eval(self, inputs):
        if self.reached:
            raise RuntimeError("network reached: " + ", ".join(self.reached))
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
