"""Does what the reference Python clients do, with the standard library and python3-websockets:
tiramiseb's WifiOpenEVSE (GET /r?json=1, `$…(^..)?` on ret), miniconfig's Charger (form POST to
/r?, reply between `<p>&gt;$` and `<script`), firstof9's websocket listener (merge every frame,
skip pongs, {"ping":1} keepalive) and its override POST. Prints one JSON object."""
import asyncio
import json
import re
import sys
import urllib.request

import websockets

base = sys.argv[1]
out = {}

# tiramiseb: GET with the command's arguments joined by '+', JSON mode.
with urllib.request.urlopen(base + "/r?json=1&rapi=%24GV") as resp:
    data = json.loads(resp.read())
m = re.match(r"\$([^\^]*)(\^..)?", data["ret"])
tokens = m.group(1).split()
out["tiramiseb_version"] = {"ok": tokens[0] == "OK", "firmware": tokens[1], "protocol": tokens[2]}

# miniconfig (Home Assistant core): form POST, HTML reply.
req = urllib.request.Request(base + "/r?", data=b"rapi=%24GS", method="POST")
req.add_header("Content-Type", "application/x-www-form-urlencoded")
with urllib.request.urlopen(req) as resp:
    html = resp.read().decode()
found = re.search(r"\<p>&gt;\$([^\^]+)(\^..)?<script", html)
out["miniconfig_status"] = int(found.group(1).split()[1]) if found else None


async def listen():
    status = {}
    pong = False
    ws_url = base.replace("http://", "ws://") + "/ws"
    async with websockets.connect(ws_url) as ws:
        status.update(json.loads(await asyncio.wait_for(ws.recv(), 10)))
        await ws.send(json.dumps({"ping": 1}))
        # the override, as firstof9's set_override posts it
        body = json.dumps({"state": "disabled"}).encode()
        req = urllib.request.Request(base + "/override", data=body, method="POST")
        req.add_header("Content-Type", "application/json")
        await asyncio.get_running_loop().run_in_executor(None, urllib.request.urlopen, req)
        while not (pong and status.get("state") == 254):
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if list(frame.keys()) == ["pong"]:
                pong = True
                continue
            status.update(frame)
    return status, pong


status, pong = asyncio.run(listen())
out["ws"] = {"pong": pong, "state": status.get("state"), "status": status.get("status"),
             "manual_override": status.get("manual_override"), "keys": len(status)}
print(json.dumps(out))
