"""Peer hub for the fan-out benchmark: FastAPI + uvicorn + redis.asyncio, written the way
the original projects wrote theirs: a set of connected websockets and a background task
that forwards every Redis message to each of them in turn.
Usage: python fastapi_hub.py PORT REDIS_PORT CHANNEL
"""
import asyncio
import sys

import redis.asyncio as aioredis
import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

PORT, REDIS_PORT, CHANNEL = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
app = FastAPI()
clients: set = set()


@app.websocket("/notify")
async def notify(websocket: WebSocket):
    await websocket.accept()
    clients.add(websocket)
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        clients.discard(websocket)


async def forward():
    client = aioredis.Redis(host="127.0.0.1", port=REDIS_PORT)
    pubsub = client.pubsub()
    await pubsub.subscribe(CHANNEL)
    async for message in pubsub.listen():
        if message["type"] != "message":
            continue
        text = message["data"].decode()
        for websocket in list(clients):
            try:
                await websocket.send_text(text)
            except Exception:
                clients.discard(websocket)


@app.on_event("startup")
async def start_forwarding():
    # Keep a reference: asyncio holds tasks weakly, and a collected task stops forwarding.
    app.state.forwarder = asyncio.create_task(forward())


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
