"""Third-party OCPP-J 1.5 client for the interop tests: Debian's python3-websockets (10.4).

Usage: ocpp_ws_client.py BASE_URL
Runs a fixed script against the central system at BASE_URL (ids CP1, and CP2 which has a
password) and prints one JSON object per line: what Python itself observed (HTTP statuses of
refused handshakes, the negotiated subprotocol, every frame received, close codes).
After the boot it prints {"step": "ready"} and waits for ONE CALL from the central system,
which it answers with {"status": "Accepted"}.
"""

import asyncio
import base64
import datetime
import json
import sys

import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatusCode

BASE = sys.argv[1]


def out(**kw):
    print(json.dumps(kw), flush=True)


async def handshake_status(path, subprotocols, headers=None):
    """The HTTP status a refused upgrade gets, or 101 when it opens."""
    try:
        async with websockets.connect(
            f"{BASE}/{path}", subprotocols=subprotocols, extra_headers=headers or {}
        ):
            return 101
    except InvalidStatusCode as e:
        return e.status_code


async def rpc(ws, frame):
    await ws.send(json.dumps(frame))
    return json.loads(await asyncio.wait_for(ws.recv(), 5))


async def close_code_after(send):
    """Open a session, send one frame, and report how the server ends it."""
    async with websockets.connect(f"{BASE}/CP1", subprotocols=["ocpp1.5"]) as ws:
        await ws.send(send)
        try:
            msg = await asyncio.wait_for(ws.recv(), 5)
            return {"frame": msg}
        except ConnectionClosed as e:
            return {"code": e.rcvd.code if e.rcvd else None}


async def main():
    basic = base64.b64encode(b"CP2:secret").decode()
    bad = base64.b64encode(b"CP2:wrong").decode()
    out(
        step="handshakes",
        unknown=await handshake_status("NOPE", ["ocpp1.5"]),
        noSubprotocol=await handshake_status("CP1", None),
        only16=await handshake_status("CP1", ["ocpp1.6"]),
        badId=await handshake_status("a%3Db", ["ocpp1.5"]),
        noAuth=await handshake_status("CP2", ["ocpp1.5"]),
        wrongAuth=await handshake_status("CP2", ["ocpp1.5"], {"Authorization": f"Basic {bad}"}),
        goodAuth=await handshake_status("CP2", ["ocpp1.5"], {"Authorization": f"Basic {basic}"}),
    )

    async with websockets.connect(f"{BASE}/CP1", subprotocols=["ocpp1.6", "ocpp1.5"]) as ws:
        out(step="open", subprotocol=ws.subprotocol)
        boot = await rpc(
            ws, [2, "b1", "BootNotification", {"chargePointVendor": "py", "chargePointModel": "ws10"}]
        )
        when = datetime.datetime.fromisoformat(boot[2]["currentTime"])
        out(step="boot", frame=boot, hasOffset=when.utcoffset() is not None)
        out(step="heartbeat", frame=await rpc(ws, [2, "h1", "Heartbeat", {}]))
        out(
            step="badEnum",
            frame=await rpc(
                ws,
                [2, "s1", "StatusNotification",
                 {"connectorId": 1, "status": "AVAILABLE", "errorCode": "NoError"}],
            ),
        )
        # Python's naive isoformat(): no offset, 6 fraction digits; SteVe reads it in its zone
        naive = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat()
        out(
            step="naiveDate",
            frame=await rpc(
                ws,
                [2, "s2", "StatusNotification",
                 {"connectorId": 1, "status": "Available", "errorCode": "NoError",
                  "timestamp": naive}],
            ),
        )
        out(step="emptyId", frame=await rpc(ws, [2, "", "Heartbeat", {}]))
        out(step="reusedId", frame=await rpc(ws, [2, "h1", "Heartbeat", {}]))
        out(step="nullPayload", frame=await rpc(ws, [2, "h2", "Heartbeat", None]))
        out(step="syntax", frame=await rpc_raw(ws, '[2, "h3", "Heartbeat", {"a": ]'))
        out(step="unknownAction", frame=await rpc(ws, [2, "x1", "SecurityEventNotification", {}]))
        pong = await ws.ping(b"py")
        await asyncio.wait_for(pong, 5)
        out(step="pong")
        out(step="ready")
        call = json.loads(await asyncio.wait_for(ws.recv(), 10))
        await ws.send(json.dumps([3, call[1], {"status": "Accepted"}]))
        out(step="csCall", frame=call)
        # the CS answers nothing to our CALLRESULT; a final Heartbeat proves the session lives
        out(step="after", frame=await rpc(ws, [2, "h4", "Heartbeat", {}]))

    out(step="binary", **await close_code_after(b"\x00\x01"))
    out(step="notArray", **await close_code_after('{"a": 1}'))
    out(step="done")


async def rpc_raw(ws, text):
    await ws.send(text)
    return json.loads(await asyncio.wait_for(ws.recv(), 5))


asyncio.run(main())
