// Peer hub for the fan-out benchmark: Node with the `ws` library (Debian's node-ws),
// written the plain way such hubs are written: subscribe to Redis, send each message to
// every open client. Usage: node node_ws_hub.js PORT REDIS_PORT CHANNEL
const http = require('http');
const net = require('net');
const { WebSocketServer } = require('/usr/share/nodejs/ws');

const [port, redisPort, channel] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const server = http.createServer();
const wss = new WebSocketServer({ server, path: '/notify' });
server.listen(port, '127.0.0.1');

// A minimal RESP reader for pub/sub "message" pushes (no Redis client package in Debian's Node).
const redis = net.createConnection(redisPort, '127.0.0.1');
redis.write(`*2\r\n$9\r\nSUBSCRIBE\r\n$${Buffer.byteLength(channel)}\r\n${channel}\r\n`);
let pending = Buffer.alloc(0);
redis.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const parsed = parsePush(pending);
    if (!parsed) break;
    pending = pending.subarray(parsed.used);
    if (parsed.items[0] === 'message') {
      const payload = parsed.items[2];
      for (const client of wss.clients) if (client.readyState === 1) client.send(payload);
    }
  }
});

function parsePush(buf) {
  if (buf[0] !== 0x2a) return null;
  let pos = buf.indexOf('\r\n');
  if (pos < 0) return null;
  const count = Number(buf.subarray(1, pos).toString());
  pos += 2;
  const items = [];
  for (let i = 0; i < count; i++) {
    const end = buf.indexOf('\r\n', pos);
    if (end < 0) return null;
    const type = buf[pos];
    if (type === 0x3a) { items.push(Number(buf.subarray(pos + 1, end))); pos = end + 2; continue; }
    const len = Number(buf.subarray(pos + 1, end).toString());
    if (buf.length < end + 2 + len + 2) return null;
    items.push(buf.subarray(end + 2, end + 2 + len).toString());
    pos = end + 2 + len + 2;
  }
  return { items, used: pos };
}
