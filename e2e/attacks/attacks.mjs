// e2e/attacks/attacks.mjs — the public edge's attacks as functions over real loopback sockets:
// slow clients, oversized and compressed bodies, and latency probes. Used by the stack test
// (edge.test.mjs) and by the measurement script (bench/gateway/edge_measure.mjs). Everything is
// bounded in count and time, and connects to 127.0.0.0/8 only.
import net from "node:net";
import fs from "node:fs";
import zlib from "node:zlib";

/** Throws unless url points at a loopback address (these tools never leave the machine). */
export function loopbackTarget(url) {
  const u = new URL(url);
  if (!/^127\.\d+\.\d+\.\d+$/.test(u.hostname) && u.hostname !== "localhost") {
    throw new Error(`refusing a non-loopback target: ${url}`);
  }
  return { host: u.hostname === "localhost" ? "127.0.0.1" : u.hostname, port: Number(u.port) };
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)];
}

/**
 * One HTTP/1.1 exchange on a fresh connection (Connection: close): resolves to
 * {status, headers, body, ms}, or {status: 0, error, ms} on failure or after timeoutMs.
 */
export function exchange(
  target,
  { method = "GET", path = "/", headers = {}, body, localAddress, timeoutMs = 5000 },
) {
  return new Promise((resolve) => {
    const start = performance.now();
    const socket = net.connect({ ...target, localAddress });
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, ms: performance.now() - start });
    };
    const timer = setTimeout(() => finish({ status: 0, error: "timeout" }), timeoutMs);
    socket.on("connect", () => {
      const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
      const lines = [
        `${method} ${path} HTTP/1.1`,
        `Host: ${target.host}:${target.port}`,
        "Connection: close",
      ];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      if (body !== undefined) lines.push(`Content-Length: ${payload.length}`);
      socket.write(Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n"), payload]));
    });
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
    });
    socket.on("error", (e) =>
      finish(parseResponse(data) ?? { status: 0, error: e.code ?? String(e) }),
    );
    socket.on("close", () => finish(parseResponse(data) ?? { status: 0, error: "closed" }));
  });
}

/** Status, headers and (de-chunked) body of a complete or partial HTTP/1.1 response. */
export function parseResponse(buffer) {
  const text = buffer.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...headerLines] = text.slice(0, end).split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) return null;
  const headers = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = buffer.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"));
  if ((headers["transfer-encoding"] ?? "").toLowerCase() === "chunked") body = dechunk(body);
  return { status: Number(match[1]), headers, body: body.toString("utf8") };
}

function dechunk(buffer) {
  const parts = [];
  let at = 0;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(buffer.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** VmRSS and VmHWM of a process in MB (/proc). */
export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/**
 * Streams a chunked body of up to totalBytes (1 MB chunks) and stops as soon as the server
 * answers or closes. Resolves to {status, sentBytes, ms, body}.
 */
export function chunkedFlood(target, { path, totalBytes, headers = {}, timeoutMs = 60000 }) {
  return new Promise((resolve) => {
    const start = performance.now();
    const socket = net.connect(target);
    const chunk = Buffer.alloc(1 << 20, "a");
    const framed = Buffer.concat([
      Buffer.from(chunk.length.toString(16) + "\r\n"),
      chunk,
      Buffer.from("\r\n"),
    ]);
    let sent = 0;
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (extra = {}) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parseResponse(data);
      resolve({
        status: parsed?.status ?? 0,
        body: parsed?.body ?? "",
        sentBytes: sent,
        ms: performance.now() - start,
        ...extra,
      });
    };
    const timer = setTimeout(() => finish({ error: "timeout" }), timeoutMs);
    const pump = () => {
      while (!done && sent < totalBytes && !parseResponse(data)) {
        sent += chunk.length;
        if (!socket.write(framed)) return socket.once("drain", pump);
      }
      if (!done && sent >= totalBytes) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      const lines = [
        `POST ${path} HTTP/1.1`,
        `Host: ${target.host}`,
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
      ];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.write(lines.join("\r\n") + "\r\n\r\n");
      pump();
    });
    socket.on("data", (d) => {
      data = Buffer.concat([data, d]);
      const parsed = parseResponse(data);
      if (parsed && data.length > 0) setTimeout(() => finish(), 50);
    });
    socket.on("error", () => finish());
    socket.on("close", () => finish());
  });
}

/** A small gzip body that inflates to inflatedBytes of JSON-looking text. */
export function gzipBomb(inflatedBytes) {
  const filler = Buffer.alloc(inflatedBytes, " ");
  Buffer.from('{"username":"').copy(filler, 0);
  return zlib.gzipSync(filler, { level: 9 });
}

/**
 * `count` connections that each send one byte of a request head every intervalMs and never
 * finish it; a connection the server closes is reopened after reconnectMs (the attacker keeps
 * the pressure on). Source addresses rotate over `sources` (127.0.0.x). Returns a handle with
 * stats() and stop().
 */
export function slowClients(target, { count, intervalMs, sources, reconnectMs = 1000 }) {
  const head = Buffer.from(
    `POST /api/auth/login HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nX-Padding: ${"a".repeat(4000)}`,
  );
  const stats = { opened: 0, closedByServer: 0, refused: 0, bytesSent: 0, open: 0 };
  let stopped = false;
  const sockets = new Set();
  const timers = new Set();
  const later = (fn, ms) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const open = (i) => {
    if (stopped) return;
    const socket = net.connect({ ...target, localAddress: sources[i % sources.length] });
    sockets.add(socket);
    let at = 0;
    let ticker;
    socket.on("connect", () => {
      stats.opened++;
      stats.open++;
      const tick = () => {
        if (stopped || socket.destroyed) return;
        socket.write(head.subarray(at % head.length, (at % head.length) + 1));
        at++;
        stats.bytesSent++;
      };
      tick();
      ticker = setInterval(tick, intervalMs);
    });
    socket.on("data", () => {});
    socket.on("error", (e) => {
      if (e.code === "ECONNREFUSED") stats.refused++;
    });
    socket.on("close", () => {
      clearInterval(ticker);
      sockets.delete(socket);
      if (socket.connecting === false && at > 0) stats.open--;
      if (!stopped) {
        stats.closedByServer++;
        later(() => open(i), reconnectMs);
      }
    });
  };
  // Open them in a burst of ~1 s so the accept queue is not the thing measured.
  for (let i = 0; i < count; i++) later(() => open(i), Math.floor((i * 1000) / count));
  return {
    stats: () => ({ ...stats }),
    stop: () => {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * Calls probe() every everyMs for durationMs (never two at once per probe) and collects
 * latencies; a failed or timed-out probe counts with its elapsed time and as a failure.
 */
export async function probeFor(probe, { everyMs, durationMs }) {
  const latencies = [];
  const failures = [];
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    const started = performance.now();
    const result = await probe();
    latencies.push(result.ms);
    if (!result.ok) failures.push(result.detail);
    const wait = everyMs - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return {
    count: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    failures,
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
