// The web server: Next.js behind Node's own HTTP server, so that the connection is ours to bound
// and to read the client's address from.
// - The client address the /api routes pass on (X-Forwarded-For) is set here from the socket's
//   peer (through TRUSTED_PROXIES only, see client-address.mjs); whatever the client sent in
//   X-Forwarded-For, X-Real-IP or Forwarded is dropped.
// - Slow clients are held to deadlines: the request head within 10 s, the whole request within
//   30 s (an answer, e.g. an event stream, may take longer), idle kept-alive connections 15 s.
// - At most WEB_CONN_PER_IP connections per client address (trusted proxies excepted).
// Settings: PORT (3001), HOSTNAME (127.0.0.1), TRUSTED_PROXIES (none), WEB_CONN_PER_IP (64).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { canonicalIp, clientAddress, trustedProxies } from "./client-address.mjs";

const port = Number(process.env.PORT ?? 3001);
const hostname = process.env.HOSTNAME ?? "127.0.0.1";
const perIp = Number(process.env.WEB_CONN_PER_IP ?? 64);
const isTrusted = trustedProxies(process.env.TRUSTED_PROXIES ?? "");
const dir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer(
  {
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 15_000,
    connectionsCheckingInterval: 1_000,
    maxHeaderSize: 32 * 1024,
  },
  (req, res) => {
    const client = clientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      isTrusted,
    );
    delete req.headers["x-real-ip"];
    delete req.headers["forwarded"];
    req.headers["x-forwarded-for"] = client;
    handle(req, res);
  },
);

const open = new Map();
server.on("connection", (socket) => {
  const ip = canonicalIp(socket.remoteAddress) ?? String(socket.remoteAddress);
  if (isTrusted(ip)) return;
  const count = (open.get(ip) ?? 0) + 1;
  if (perIp > 0 && count > perIp) {
    socket.destroy();
    return;
  }
  open.set(ip, count);
  socket.once("close", () => {
    const left = (open.get(ip) ?? 1) - 1;
    if (left > 0) open.set(ip, left);
    else open.delete(ip);
  });
});

server.listen(port, hostname, () => {
  console.log(JSON.stringify({ event: "web_listening", host: hostname, port }));
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
