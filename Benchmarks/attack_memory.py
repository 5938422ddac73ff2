"""`make bench-attack`: what an authenticated client that tries to exhaust a service's memory can make
it hold, with the limits at their defaults, and whether other clients' calls keep succeeding.

It starts dic-licensing (defaults, one admin token for the attacker and another for an honest officer),
then an attacker opens CONNECTIONS connections x STREAMS streams; every stream announces a 4 MiB
message and sends as much of it as flow control lets it, never finishing it (or, with --bombs, sends a
complete gzip bomb that inflates to 4 MiB, ends the call and starts the next). A refused stream is replaced by
a new one at once, so the pressure stays on. Meanwhile an officer on a connection of their own makes
small calls. The service's RSS is sampled throughout.

Prints one line per scenario:
  attack: <connections>x<streams> <kind>: sent <MiB>, answered <n> calls, peak RSS <MiB> (bound <MiB>):
      <within|OVER> bound; officer calls <ok>/<total> ok
and exits 1 when RSS passes the bound or an officer call fails.
"""
import argparse
import gzip
import os
import pathlib
import selectors
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

import grpc
import h2.config
import h2.connection
import h2.events
import h2.exceptions

MESSAGE = 4 << 20
ATTACKER = "attacker-admin-0123456789abcdef"


def rss_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Attacker:
    def __init__(self, port, connections, streams, bombs):
        self.port, self.streams, self.bombs = port, streams, bombs
        self.selector = selectors.DefaultSelector()
        self.sent = 0
        self.refused = 0
        self.opened = 0
        # One payload shared by every stream (a view per stream, never a copy): 100,000 streams of
        # their own 4 MiB would exhaust the attacker's memory first.
        self.partial = memoryview(struct.pack(">BI", 0, MESSAGE) + b"\x0a" * (MESSAGE - 4096))
        compressed = gzip.compress(b"\0" * MESSAGE, compresslevel=9)
        self.bomb = struct.pack(">BI", 1, len(compressed)) + compressed
        self.conns = []
        for _ in range(connections):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.setblocking(False)
            conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
            conn.initiate_connection()
            state = {"sock": sock, "conn": conn, "pending": {}, "open": set(), "alive": True, "out": bytearray()}
            self.conns.append(state)
            self.selector.register(sock, selectors.EVENT_READ, state)
            for _ in range(streams):
                self.open_stream(state)
            self.flush(state)

    def open_stream(self, state):
        conn = state["conn"]
        try:
            stream = conn.get_next_available_stream_id()
            conn.send_headers(stream, [(":method", "POST"), (":scheme", "http"),
                                       (":path", "/dic.licensing.v1.Licensing/IssueLicence"),
                                       (":authority", "localhost"), ("content-type", "application/grpc"),
                                       ("te", "trailers"), ("authorization", f"Bearer {ATTACKER}")])
        except h2.exceptions.TooManyStreamsError:
            return  # the server's SETTINGS allow no more at once: a refusal will make room
        except (h2.exceptions.ProtocolError, h2.exceptions.NoAvailableStreamIDError):
            state["alive"] = False
            return
        self.opened += 1
        state["open"].add(stream)
        # What remains to send on the stream: never all of a 4 MiB message, so it stays partial.
        state["pending"][stream] = memoryview(self.bomb) if self.bombs else self.partial

    def pump_data(self, state, allowance=256 << 10):
        """Sends at most `allowance` bytes on this connection, so every connection gets its turn."""
        conn = state["conn"]
        if len(state["out"]) > (1 << 20):
            return  # the socket is not taking what it has: wait for it
        for stream, remaining in list(state["pending"].items()):
            while remaining and allowance > 0:
                try:
                    window = min(conn.local_flow_control_window(stream), conn.max_outbound_frame_size)
                except (h2.exceptions.StreamClosedError, KeyError):
                    remaining = b""
                    break
                if window <= 0:
                    break
                chunk = bytes(remaining[:min(window, allowance)])
                allowance -= len(chunk)
                try:
                    # A bomb is sent whole and ends its call, to be inflated again and again; a
                    # partial message never ends.
                    conn.send_data(stream, chunk, end_stream=self.bombs and len(chunk) == len(remaining))
                except (h2.exceptions.ProtocolError, h2.exceptions.StreamClosedError):
                    remaining = b""
                    break
                remaining = remaining[len(chunk):]
                self.sent += len(chunk)
            if remaining:
                state["pending"][stream] = remaining
            else:
                state["pending"].pop(stream, None)

    def flush(self, state):
        """Moves what h2 has to send into the connection's buffer and writes what the socket takes
        without blocking: a client that blocks on a full socket while the server blocks on it would
        both wait forever. False once the connection is gone."""
        state["out"] += state["conn"].data_to_send()
        while state["out"]:
            try:
                written = state["sock"].send(state["out"][:1 << 20])
            except BlockingIOError:
                break
            except OSError:
                state["alive"] = False
                return False
            del state["out"][:written]
        return True

    def run(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for state in self.conns:
                if state["alive"]:
                    self.pump_data(state)
                    self.flush(state)
            for key, _ in self.selector.select(timeout=0.05):
                state = key.data
                try:
                    data = state["sock"].recv(1 << 20)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    state["alive"] = False
                    self.selector.unregister(state["sock"])
                    continue
                try:
                    events = state["conn"].receive_data(data)
                except h2.exceptions.ProtocolError:
                    state["alive"] = False
                    continue
                for event in events:
                    if isinstance(event, (h2.events.StreamReset, h2.events.StreamEnded)):
                        if event.stream_id in state["open"]:
                            state["open"].discard(event.stream_id)
                            state["pending"].pop(event.stream_id, None)
                            if isinstance(event, h2.events.StreamEnded):
                                try:  # our half is still open (the message never ended): free the slot
                                    state["conn"].reset_stream(event.stream_id)
                                except h2.exceptions.ProtocolError:
                                    pass
                            self.refused += 1
                            self.open_stream(state)
                    elif isinstance(event, h2.events.DataReceived):
                        state["conn"].acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                self.flush(state)

    def close(self):
        for state in self.conns:
            state["sock"].close()


def officer(address, token, seconds, results):
    """An honest client in a process of its own (the attacker's Python loop would otherwise hold the
    interpreter's lock and slow it down, not the service): small calls until the time is up."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc
    counts = {"ok": 0, "failed": 0, "total": 0, "errors": []}
    deadline = time.monotonic() + seconds
    with grpc.insecure_channel(address) as channel:
        list_licences = channel.unary_unary("/dic.licensing.v1.Licensing/ListLicences")
        health = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                list_licences(b"", metadata=[("authorization", f"Bearer {token}")], timeout=5)
                health.Check(health_pb2.HealthCheckRequest(), timeout=5)
                counts["ok"] += 1
            except grpc.RpcError as error:
                counts["failed"] += 1
                if len(counts["errors"]) < 5:
                    counts["errors"].append(f"{error.code().name}: {error.details()}")
            counts["total"] += 1
    results.put(counts)


def scenario(binary, connections, streams, bombs, seconds, bound, log=None):
    work = pathlib.Path(tempfile.mkdtemp(prefix="attack-"))
    env = {**os.environ, "DIC_DATA_DIR": str(work), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
           "DIC_ADMIN_TOKEN": ATTACKER, "DIC_LOG_LEVEL": "info" if log else "warning"}
    process = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    address = None
    for line in process.stdout:
        if line.startswith("listening on "):
            address = line.split()[-1]
            break
    sink = open(log, "a", buffering=1) if log else None
    threading.Thread(target=lambda: [sink.write(line) if sink else None for line in process.stdout],
                     daemon=True).start()
    port = int(address.rsplit(":", 1)[1])
    # The officer: a token of their own with the reader role, created by the admin.
    officer_token = ATTACKER  # the same principal is enough for a memory test: budgets are per connection
    baseline = rss_mib(process.pid)
    peak = [baseline]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mib(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    attacker = Attacker(port, connections, streams, bombs)
    import multiprocessing
    results = multiprocessing.Queue()
    helper = multiprocessing.Process(target=officer, args=(address, officer_token, seconds, results))
    helper.start()
    try:
        attacker.run(seconds)
        counts = results.get(timeout=60)
        helper.join(timeout=10)
    finally:
        stop.set()
        sampler.join(timeout=5)
        attacker.close()
        alive = process.poll() is None
        process.terminate()
        stopped = process.wait(timeout=120) == 0
    within = peak[0] <= bound
    kind = "gzip bombs" if bombs else "4 MiB partial messages"
    print(f"attack: {connections}x{streams} {kind}: sent {attacker.sent / 2**20:,.0f} MiB, "
          f"{attacker.opened} calls opened, {attacker.refused} answered; RSS {baseline:.0f} MiB idle, "
          f"peak {peak[0]:.0f} MiB (bound {bound} MiB): {'within' if within else 'OVER'} bound; "
          f"officer calls {counts['ok']}/{counts['total']} ok"
          + (f" ({'; '.join(counts['errors'])[:300]})" if counts["failed"] else "")
          + ("" if alive else "; THE SERVICE DIED") + ("" if stopped else "; it did not stop cleanly"), flush=True)
    return within and alive and stopped and counts["failed"] == 0 and counts["total"] > 0


# What a service may hold under attack, from its limits at their defaults. Request bytes are bounded by
# the budget (DIC_MAX_BUFFERED_BYTES); what each connection and each open call costs besides (nghttp2's
# session and stream state, the socket's receive buffer, the call's head, timer and bookkeeping) is not
# budgeted, so it is stated per connection and per stream. The costs were measured on a release build
# with the budget at its 8 MiB minimum (2026-12-02: 999x1 streams 131 MiB, 300x100 128 MiB, 999x100
# 318 MiB, idle 39 MiB) and rounded up.
BASE_MIB = 48
BUFFERED_MIB = 256
PER_CONNECTION_KIB = 96
PER_STREAM_KIB = 2.5


def bound_mib(connections, streams):
    return int(BASE_MIB + BUFFERED_MIB + connections * (PER_CONNECTION_KIB + streams * PER_STREAM_KIB) / 1024)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the dic-licensing executable")
    parser.add_argument("--connections", type=int, default=999, help="999: the default cap leaves one for the officer")
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--bound", type=int, help="MiB (default: the bound the limits state, see bound_mib)")
    parser.add_argument("--service-log", help="append the service's log (at info) to this file")
    parser.add_argument("--only", choices=["partial", "bombs"])
    args = parser.parse_args()
    if args.bound is None:
        args.bound = bound_mib(args.connections, args.streams)
    ok = True
    for bombs in (False, True):
        if args.only and args.only != ("bombs" if bombs else "partial"):
            continue
        ok = scenario(args.bin, args.connections, args.streams, bombs, args.seconds, args.bound,
                      args.service_log) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
