// The floor of a fan-out on Node.js, for bench/fanout.sh: raw `ws`, no GraphQL, nothing stored. A
// createEmployee mutation is answered at once, then one prebuilt frame (the employeeId taken from
// the variables) is written to every subscribed socket. No real server can deliver sooner on
// this transport; it shows how much of the reference server's figure is the transport and the
// clients rather than GraphQL.
//   PORT=18520 node floor.mjs
import http from 'node:http';
import { WebSocketServer } from 'ws';

const PORT = Number(process.env.PORT || 18520);
const subscribed = new Set();

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.url === '/healthz') { res.end('{}'); return; }
    const employeeId = JSON.parse(body).variables.d.employeeId;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":{"createEmployee":{"id":"1"}}}');
    const data = { data: { employeeCreated: { employeeId } } };
    const next = JSON.stringify({ id: '1', type: 'next', payload: data });
    const legacy = JSON.stringify({ id: '1', type: 'data', payload: data });
    for (const ws of subscribed) ws.send(ws.protocol === 'graphql-ws' ? legacy : next);
  });
});

const wss = new WebSocketServer({ server, perMessageDeflate: false, handleProtocols: (offered) => [...offered][0] });
wss.on('connection', (ws) => {
  ws.on('message', (raw) => {
    const type = JSON.parse(raw).type;
    if (type === 'connection_init') ws.send('{"type":"connection_ack"}');
    else if (type === 'subscribe' || type === 'start') subscribed.add(ws);
  });
  ws.on('close', () => subscribed.delete(ws));
});
server.listen(PORT, '127.0.0.1', () => console.log(`fanout floor (Node.js ws) pid ${process.pid} on ${PORT}`));
