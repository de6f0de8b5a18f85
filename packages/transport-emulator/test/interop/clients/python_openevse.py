#!/usr/bin/env python3
"""A client that talks RAPI the way python-openevse 0.2 (tiramiseb/python-openevse,
openevse.py, 2015-16) does, written for this test (that library is not on PyPI here):

* pyserial at 115200 baud, 0.5 s read timeout;
* every command is `$CMD args^XX` + CR, XOR checksum in upper-case hex, no sequence id;
* a line is read byte by byte up to CR; a line starting with `$OK`/`$NK` is the response,
  split on whitespace (so the `^XX` stays glued to the last token); any `$ST xx` line read
  meanwhile is a status change, its state parsed as hex;
* the constructor turns echo off with `$SE 0` (retried once on failure);
* `status()` sends `$GS` and parses the state as a DECIMAL number.

Usage: python_openevse.py PATH. Prints {"ready": true} once it waits for a status change,
then one JSON report.
"""
import json
import sys
import time

import serial

STATES = {0: "unknown", 1: "not connected", 2: "connected", 3: "charging",
          254: "sleeping", 255: "disabled"}


def request(port, seen, *args):
    command = "$" + " ".join(args)
    checksum = 0
    for b in command.encode("latin-1"):
        checksum ^= b
    port.write((command + "^%02X\r" % checksum).encode("latin-1"))
    while True:
        line = read_line(port)
        if line is None:
            return None
        if line[:3] in ("$OK", "$NK"):
            tokens = line.split()
            return [tokens[0] == "$OK", tokens[1:]]
        if line[:3] == "$ST":
            seen.append(int(line.split()[1].split("^")[0], 16))


def read_line(port):
    line = ""
    while True:
        c = port.read(1)
        if not c:
            return None
        line += c.decode("latin-1")
        if line.endswith("\r"):
            return line


def main():
    port = serial.Serial(port=sys.argv[1], baudrate=115200, timeout=0.5)
    seen = []
    report = {}
    report["echo_off"] = [request(port, seen, "SE", "0"), request(port, seen, "SE", "0")]
    report["version"] = request(port, seen, "GV")
    ok, data = request(port, seen, "GS")
    report["status"] = STATES.get(int(data[0])) if ok else None
    print(json.dumps({"ready": True}), flush=True)
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        line = read_line(port)
        if line and line[:3] == "$ST":
            seen.append(int(line.split()[1].split("^")[0], 16))
    report["status_changes"] = [STATES.get(s, s) for s in seen]
    ok, data = request(port, seen, "GS")
    report["status_after"] = STATES.get(int(data[0])) if ok else None
    port.close()
    print(json.dumps(report), flush=True)


main()
