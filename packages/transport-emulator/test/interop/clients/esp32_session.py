#!/usr/bin/env python3
"""A RAPI client that behaves like the OpenEVSE ESP32 WiFi firmware (RAPI.md section 5:
OpenEVSE_Lib 0.0.19 RapiSender + evse_monitor.cpp), plus a scripted EV driven through the
emulator's HTTP control API. It prints one JSON report on stdout.

Usage: esp32_session.py serial PATH CONTROL_URL | esp32_session.py tcp HOST PORT CONTROL_URL

RapiSender as the firmware does it:
* every command gets `^XX` (XOR, two upper-case hex digits) and CR; no sequence ids;
* one command in flight, 500 ms timeout (then the next command is sent);
* incoming bytes before `$` are skipped; a line ends at CR;
* lines whose first token is `$WF`, `$ST` or starts with `$A` are async, at any time;
* replies must carry an upper-case XOR checksum that matches, and at least the number of
  tokens the library insists on (split on ' ' and ':', strtok-style), else "invalid".
evse_monitor: `$GV`; then (and after every `$AB`) `$GF $GE $GC $GA $GI $GI $SY 5 6`;
`$GS $GP` (the 30 s poll, first tick at start); every 1 s `$SY`, and `$GG` + `$GC` in state 03.
"""
import json
import select
import socket
import sys
import time
import urllib.request

import serial

TIMEOUT_S = 0.5  # RAPI_TIMEOUT_MS in RapiSender
# Minimum token counts per command, including "$OK" (RAPI.md section 5).
MIN_TOKENS = {"GV": 3, "GS": 5, "GC": 5, "GE": 3, "GF": 4, "GG": 3, "GP": 4, "GU": 3,
              "GA": 3, "GI": 2, "SY": 4, "AT": 5, "AB": 3}


def xor_checksum(text):
    c = 0
    for b in text.encode("latin-1"):
        c ^= b
    return c


def tokens(line):
    """strtok(line, " :") as the library does, after the checksum is cut off."""
    body = line.split("^", 1)[0]
    return [t for t in body.replace(":", " ").split(" ") if t]


class Line:
    """The byte pipe: pyserial on the PTY or a TCP socket; both expose a selectable fd."""

    def __init__(self, argv):
        if argv[0] == "serial":
            self.port = serial.Serial(argv[1], 115200, timeout=0)
            self.port.reset_input_buffer()  # what was sent while nobody listened
            self.fd = self.port.fileno()
            self.send = lambda data: self.port.write(data)
            self.recv = lambda: self.port.read(4096)
            self.rest = argv[2:]
        else:
            self.sock = socket.create_connection((argv[1], int(argv[2])), timeout=5)
            self.sock.setblocking(False)
            self.fd = self.sock.fileno()
            self.send = self.sock.sendall
            self.recv = lambda: self.sock.recv(4096)
            self.rest = argv[3:]


class Esp32:
    def __init__(self, line, api):
        self.line = line
        self.api = api
        self.t0 = time.monotonic()
        self.partial = None
        self.pending = []  # complete lines not yet consumed
        self.report = {"traffic": [], "async": [], "replies": {}, "timeouts": [],
                       "invalid": [], "setups": 0, "gg": [], "noise": 0}
        self.state = None
        self.capacity = None
        self.need_setup = False

    def now(self):
        return round(time.monotonic() - self.t0, 3)

    # -- receiving --------------------------------------------------------------------------
    def pump(self, wait):
        """Read for up to `wait` seconds; split into lines; handle async frames at once."""
        ready, _, _ = select.select([self.line.fd], [], [], max(wait, 0))
        if not ready:
            return
        data = self.line.recv()
        for ch in data.decode("latin-1"):
            if ch == "$":
                self.partial = "$"
            elif self.partial is None:
                self.report["noise"] += 1
            elif ch == "\r":
                self.on_line(self.partial)
                self.partial = None
            else:
                self.partial += ch

    def on_line(self, line):
        self.report["traffic"].append([self.now(), "rx", line])
        head = tokens(line)[0] if tokens(line) else ""
        if head.startswith("$A") or head in ("$WF", "$ST"):
            self.on_async(line)
        else:
            self.pending.append(line)

    def valid(self, line, code):
        if "^" not in line:
            return False
        body, digits = line.rsplit("^", 1)
        if digits != digits.upper() or len(digits) != 2:
            return False
        if int(digits, 16) != xor_checksum(body):
            return False
        return len(tokens(line)) >= MIN_TOKENS.get(code, 1)

    def on_async(self, line):
        t = tokens(line)
        code = t[0][1:]
        if not self.valid(line, code):
            self.report["invalid"].append([self.now(), line])
            return
        self.report["async"].append([self.now(), line])
        if code == "AT":
            self.state = int(t[1], 16)
            self.capacity = int(t[3])  # "capacity changes are adopted"
        elif code == "AB":
            self.need_setup = True  # re-runs step 2 (RAPI.md section 5)

    # -- sending ----------------------------------------------------------------------------
    def cmd(self, text):
        """Send one command; wait for its reply or the 500 ms timeout (one in flight)."""
        code = text[1:3]
        sent_at = self.now()
        self.pending = []
        frame = "%s^%02X\r" % (text, xor_checksum(text))
        self.report["traffic"].append([self.now(), "tx", frame[:-1]])
        self.line.send(frame.encode("latin-1"))
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            if self.pending:
                reply = self.pending.pop(0)
                if not self.valid(reply, code):
                    self.report["invalid"].append([self.now(), text, reply])
                    return None
                self.report["replies"].setdefault(code, []).append(reply)
                return tokens(reply)
            self.pump(deadline - time.monotonic())
        self.report["timeouts"].append([sent_at, text])  # when it was sent
        return None

    def setup(self):
        """evse_monitor step 2, run after connect and after every $AB."""
        self.report["setups"] += 1
        for c in ("$GF", "$GE", "$GC", "$GA", "$GI", "$GI"):
            self.cmd(c)
        sy = self.cmd("$SY 5 6")
        if sy and sy[3] == "2":
            if self.cmd("$SY") is None or sy[0] == "$NK":
                self.cmd("$SY 165")

    def boot(self):
        while self.cmd("$GV") is None:  # the WiFi module retries until the controller talks
            pass
        self.setup()
        gs = self.cmd("$GS")
        if gs:
            self.state = int(gs[1], 16)
        self.cmd("$GP")

    def tick(self):
        """The 1 s timer: heartbeat pulse, meter while charging."""
        if self.need_setup:
            self.need_setup = False
            self.setup()
        self.cmd("$SY")
        if self.state == 0x03:
            gg = self.cmd("$GG")
            if gg:
                self.report["gg"].append([self.now(), int(gg[1]), int(gg[2])])
            self.cmd("$GC")

    def run_for(self, seconds, until=None):
        """Keep the 1 s cadence for `seconds`, or until `until()` holds."""
        end = time.monotonic() + seconds
        next_tick = time.monotonic()
        while time.monotonic() < end:
            if until is not None and until():
                return True
            if time.monotonic() >= next_tick:
                next_tick += 1.0
                self.tick()
            else:
                self.pump(min(next_tick, end) - time.monotonic())
        return until is not None and until()

    # -- the EV, through the control API ------------------------------------------------------
    def post(self, path, body):
        req = urllib.request.Request(self.api + path, data=json.dumps(body).encode(),
                                     headers={"content-type": "application/json"},
                                     method="POST")
        with urllib.request.urlopen(req, timeout=5) as res:
            self.report["traffic"].append([self.now(), "api", path + " " + json.dumps(body)])
            return res.status

    def status(self):
        with urllib.request.urlopen(self.api + "/api/status", timeout=5) as res:
            return json.loads(res.read())


def main():
    line = Line(sys.argv[1:])
    esp = Esp32(line, line.rest[0])
    r = esp.report
    esp.boot()
    esp.run_for(1.0)
    steps = [("connect", 0x02), ("charge", 0x03), (None, None), ("stop", 0x02),
             ("disconnect", 0x01)]
    for action, want in steps:
        if action is None:
            esp.run_for(2.2)  # charge: two `$GG` polls at the 1 s cadence
            continue
        esp.post("/api/ev", {"action": action})
        if not esp.run_for(3.0, lambda: esp.state == want):
            r["stuck"] = [action, esp.state]
            break
    gu = esp.cmd("$GU")
    r["gu"] = [int(gu[1]), int(gu[2])] if gu else None
    r["status"] = esp.status()
    setups = r["setups"]
    esp.post("/api/reboot", {})
    r["rebooted"] = esp.run_for(6.0, lambda: r["setups"] > setups and esp.state == 0x01)
    print(json.dumps(r))


if __name__ == "__main__":
    main()
