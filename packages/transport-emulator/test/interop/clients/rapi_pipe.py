#!/usr/bin/env python3
"""A third-party RAPI line driven by the Node test: pyserial on a PTY, or a plain TCP socket.

Usage: rapi_pipe.py serial PATH|URL | rapi_pipe.py fd PATH | rapi_pipe.py tcp HOST PORT

`serial` is pyserial's serial_for_url: a device path (sets raw 115200 8N1, flushes input on
open) or a URL such as socket://127.0.0.1:8023; `fd` is the plainest client
there is: os.open + os.write/os.read with no termios calls at all, so it sees whatever mode the
PTY is in.

The test sends one JSON command per line on stdin and reads one JSON answer per line on
stdout, so Node decides *when* (it prepares each emulator on a virtual clock) while every
byte crosses the PTY/socket through pyserial or `socket`, as a real client's would. Bytes are
mapped 1:1 to text (latin-1). Commands:

  {"op": "write", "data": "..."}                 -> {"ok": true}
  {"op": "readto", "marker": "...", "ms": 3000}  -> {"data": "<bytes before marker>"}
  {"op": "drain", "ms": 200}                     -> {"data": "<bytes read in that time>"}
  {"op": "flush"}   pyserial reset_input_buffer (tcflush TCIFLUSH)
  {"op": "reopen"}  close and open the port again (the emulator keeps running)
  {"op": "close"} / {"op": "open"}  the same in two steps
  {"op": "baud", "value": 9600}                  -> {"ok": true}
  {"op": "dtr", "value": false}                  -> {"ok": true} or {"error": "..."}
  {"op": "break"}   pyserial send_break (tcsendbreak)
  {"op": "inq"}     -> {"bytes": N}: bytes queued on the tty for reading (FIONREAD), not read
  {"op": "termios"} -> {"speed": 115200, "icrnl": .., "echo": .., "icanon": .., "opost": ..}
"""
import fcntl
import json
import os
import select
import socket
import struct
import sys
import termios
import time

import serial

SPEEDS = {termios.B0: 0, termios.B9600: 9600, termios.B38400: 38400, termios.B115200: 115200}


class SerialLine:
    def __init__(self, path):
        self.path = path
        self.open()

    def open(self):
        # What every pyserial user writes (RAPI.md section 1.1: 115200 8N1).
        self.port = serial.serial_for_url(self.path, 115200, timeout=0.05)
        self.fd = getattr(self.port, "fd", None)

    def write(self, data):
        self.port.write(data)
        self.port.flush()

    def read(self):
        # read(n) waits for n bytes or the timeout: wait for one, then take what is there.
        data = self.port.read(1)
        return data + self.port.read(self.port.in_waiting) if data else data

    def close(self):
        self.port.close()


class FdLine:
    def __init__(self, path):
        self.path = path
        self.open()

    def open(self):
        # O_NOCTTY: a daemon without a controlling tty must not acquire this one.
        self.fd = os.open(self.path, os.O_RDWR | os.O_NOCTTY)

    def write(self, data):
        os.write(self.fd, data)

    def read(self):
        ready, _, _ = select.select([self.fd], [], [], 0.05)
        return os.read(self.fd, 4096) if ready else b""

    def close(self):
        os.close(self.fd)


class TcpLine:
    def __init__(self, host, port):
        self.addr = (host, int(port))
        self.open()

    def open(self):
        self.sock = socket.create_connection(self.addr, timeout=5)
        self.sock.settimeout(0.05)

    def write(self, data):
        self.sock.sendall(data)

    def read(self):
        try:
            data = self.sock.recv(4096)
        except socket.timeout:
            return b""
        if data == b"":
            raise EOFError("server closed the connection")
        return data

    def close(self):
        self.sock.close()


def main():
    kind = sys.argv[1]
    if kind == "serial":
        line = SerialLine(sys.argv[2])
    elif kind == "fd":
        line = FdLine(sys.argv[2])
    else:
        line = TcpLine(sys.argv[2], sys.argv[3])
    buffered = b""
    print(json.dumps({"ready": True}), flush=True)
    for raw in sys.stdin:
        cmd = json.loads(raw)
        op = cmd["op"]
        answer = {"ok": True}
        try:
            if op == "write":
                line.write(cmd["data"].encode("latin-1"))
            elif op == "readto":
                marker = cmd["marker"].encode("latin-1")
                deadline = time.monotonic() + cmd.get("ms", 3000) / 1000
                while marker not in buffered and time.monotonic() < deadline:
                    buffered += line.read()
                if marker not in buffered:
                    answer = {"error": "timeout", "data": buffered.decode("latin-1")}
                    buffered = b""
                else:
                    before, _, buffered = buffered.partition(marker)
                    answer = {"data": before.decode("latin-1")}
            elif op == "drain":
                deadline = time.monotonic() + cmd.get("ms", 200) / 1000
                while time.monotonic() < deadline:
                    buffered += line.read()
                answer = {"data": buffered.decode("latin-1")}
                buffered = b""
            elif op == "flush":
                line.port.reset_input_buffer()
                buffered = b""
            elif op == "reopen":
                line.close()
                line.open()
            elif op == "close":
                line.close()
            elif op == "open":
                line.open()
                buffered = b""
            elif op == "baud":
                line.port.baudrate = cmd["value"]
            elif op == "dtr":
                line.port.dtr = cmd["value"]
            elif op == "break":
                line.port.send_break(0.05)
            elif op == "inq":
                queued = fcntl.ioctl(line.fd, termios.FIONREAD, struct.pack("I", 0))
                answer = {"bytes": struct.unpack("I", queued)[0]}
            elif op == "termios":
                iflag, oflag, _cflag, lflag, _ispeed, ospeed = termios.tcgetattr(line.fd)[:6]
                answer = {
                    "speed": SPEEDS.get(ospeed, ospeed),
                    "icrnl": bool(iflag & termios.ICRNL),
                    "opost": bool(oflag & termios.OPOST),
                    "echo": bool(lflag & termios.ECHO),
                    "icanon": bool(lflag & termios.ICANON),
                }
            else:
                answer = {"error": "unknown op " + op}
        except (OSError, EOFError, serial.SerialException) as err:
            answer = {"error": "%s: %s" % (type(err).__name__, err)}
        print(json.dumps(answer), flush=True)
    try:
        line.close()
    except OSError:
        pass  # already closed by a "close" op


if __name__ == "__main__":
    main()
