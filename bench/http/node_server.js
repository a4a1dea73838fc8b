// The peer for the HTTP benchmark: Node's own http module serving the same JSON
// response as Switchboard's bench route. Usage: node node_server.js PORT
const http = require('http');
const body = JSON.stringify({ message: 'Hello, World!' });
http.createServer((req, res) => {
  if (req.url === '/json') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404);
    res.end();
  }
}).listen(Number(process.argv[2] || 9100), '127.0.0.1');
