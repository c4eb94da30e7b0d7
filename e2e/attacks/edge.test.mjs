// The public ports as `make up` runs them (the edge in front of the gateway and the web server),
// under issue 13's attacks, on real loopback sockets; bounded in count and time. Needs the
// stack started by scripts/start (scripts/test's `stack` section does that) and fails, never
// skips, when it is not there.
//   GATEWAY_URL, WEB_URL: the public ports; GATEWAY_INTERNAL_URL, WEB_INTERNAL_URL: the
//   services behind the edge; RUN_DIR: where scripts/start keeps pids and logs.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  chunkedFlood,
  exchange,
  gzipBomb,
  loopbackTarget,
  memoryOf,
  percentile,
  probeFor,
  slowClients,
  sleep,
} from "./attacks.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/test (stack section)`);
  return value;
};
const gateway = loopbackTarget(env("GATEWAY_URL"));
const web = loopbackTarget(env("WEB_URL"));
const webInternal = loopbackTarget(env("WEB_INTERNAL_URL"));
const runDir = env("RUN_DIR");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const LOGIN = JSON.stringify({ username: "manager_store1", password: "manager123" });
const json = { "Content-Type": "application/json" };
const attackers = Array.from({ length: 20 }, (_, i) => `127.0.0.${i + 2}`);

const pidOf = (name) => Number(fs.readFileSync(path.join(runDir, `${name}.pid`), "utf8"));
// RSS of a process and all its descendants (the web server is npm → node).
function treeRssMb(pid) {
  let total = memoryOf(pid).rssMb;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    for (const child of children ? children.split(" ") : []) total += treeRssMb(Number(child));
  }
  return total;
}

async function login(target) {
  const r = await exchange(target, {
    method: "POST",
    path: "/api/auth/login",
    headers: json,
    body: LOGIN,
  });
  return { ms: r.ms, ok: r.status === 200, detail: r.status || r.error };
}

before(async () => {
  for (const target of [gateway, web]) {
    const r = await exchange(target, { path: target === gateway ? "/health" : "/login" });
    assert.equal(r.status, 200, `the stack is not running on ${target.host}:${target.port}`);
  }
});

for (const [name, target, page] of [
  ["gateway", gateway, "/health"],
  ["web", web, "/login"],
]) {
  test(`500 slow clients on the ${name}'s public port do not starve ${page} or a login`, async () => {
    // Without the attack first: what a login costs on this machine (argon2id is most of it).
    const idle = await probeFor(() => login(target), { everyMs: 300, durationMs: 1500 });
    const idlePage = await probeFor(
      async () => {
        const r = await exchange(target, { path: page });
        return { ms: r.ms, ok: r.status === 200, detail: r.status || r.error };
      },
      { everyMs: 100, durationMs: 1500 },
    );
    const attack = slowClients(target, { count: 500, intervalMs: 5000, sources: attackers });
    await sleep(2000);
    const [pageProbe, loginProbe] = await Promise.all([
      probeFor(
        async () => {
          const r = await exchange(target, { path: page, localAddress: "127.0.0.1" });
          return { ms: r.ms, ok: r.status === 200, detail: r.status || r.error };
        },
        { everyMs: 100, durationMs: 15000 },
      ),
      probeFor(() => login(target), { everyMs: 3000, durationMs: 15000 }),
    ]);
    const stats = attack.stats();
    attack.stop();
    console.log(
      `${name}: 500 slow clients (1 byte / 5 s, ${stats.opened} opened, ${stats.closedByServer} cut by the edge): ` +
        `${page} p99 ${pageProbe.p99.toFixed(1)} ms (idle ${idlePage.p99.toFixed(1)}), ` +
        `login p99 ${loginProbe.p99.toFixed(1)} ms (idle ${idle.p99.toFixed(1)}), ` +
        `failures ${pageProbe.failures.length + loginProbe.failures.length}`,
    );
    assert.deepEqual(pageProbe.failures, []);
    assert.deepEqual(loginProbe.failures, []);
    assert.ok(pageProbe.p99 < Math.max(100, 2 * idlePage.p99), `${page} p99 ${pageProbe.p99} ms`);
    // A login is an argon2id verification (~65 ms on an idle machine): held to 100 ms or, on a
    // machine too busy for that even without the attack, to what it costs there.
    assert.ok(
      loginProbe.p99 < Math.max(100, 1.5 * idle.p99 + 20),
      `login p99 ${loginProbe.p99} ms`,
    );
  });
}

test("a 1.5 GB chunked body and a gzip bomb, unauthenticated, leave both public ports' services as they were", async () => {
  const gatewayPid = pidOf("gateway");
  const webPid = pidOf("web");
  for (const [name, target, pid, rss] of [
    ["gateway", gateway, gatewayPid, (p) => memoryOf(p).rssMb],
    ["web", web, webPid, treeRssMb],
  ]) {
    const before = rss(pid);
    const flood = await chunkedFlood(target, {
      path: "/api/auth/login",
      totalBytes: 1536 * 2 ** 20,
    });
    const bomb = await exchange(target, {
      method: "POST",
      path: "/api/auth/login",
      headers: { ...json, "Content-Encoding": "gzip" },
      body: gzipBomb(60 * 2 ** 20),
      timeoutMs: 20000,
    });
    await sleep(500);
    const grown = rss(pid) - before;
    console.log(
      `${name}: 1.5 GB chunked → ${flood.status} after ${(flood.sentBytes / 2 ** 20).toFixed(0)} MB sent; ` +
        `60 KB gzip → ${bomb.status}; RSS growth ${grown.toFixed(1)} MB`,
    );
    assert.equal(flood.status, 413);
    assert.ok(flood.sentBytes < 64 * 2 ** 20, "the edge kept reading");
    assert.equal(JSON.parse(flood.body).error.code, "payload_too_large");
    assert.equal(bomb.status, 415);
    assert.equal(JSON.parse(bomb.body).error.code, "unsupported_media_type");
    assert.ok(grown < 10, `${name} RSS grew ${grown} MB`);
  }
});

test("the web server counts body bytes as they stream in, even without the edge", async () => {
  const flood = await chunkedFlood(webInternal, {
    path: "/api/auth/login",
    totalBytes: 512 * 2 ** 20,
  });
  console.log(
    `web (no edge): 512 MB chunked → ${flood.status} after ${(flood.sentBytes / 2 ** 20).toFixed(0)} MB`,
  );
  assert.equal(flood.status, 413);
  assert.ok(flood.sentBytes < 64 * 2 ** 20, "the web server kept reading");
});

test("the web server passes on the address it saw, never the client's X-Forwarded-For", async () => {
  // Through the edge, and straight from a loopback address that is not a trusted proxy.
  for (const [target, localAddress] of [
    [web, "127.0.0.1"],
    [webInternal, "127.0.0.9"],
  ]) {
    const r = await exchange(target, {
      localAddress,
      method: "POST",
      path: "/api/auth/login",
      headers: { ...json, "X-Forwarded-For": "203.0.113.50", "X-Real-IP": "203.0.113.51" },
      body: JSON.stringify({ username: "edge_probe_nobody", password: "x" }),
    });
    assert.equal(r.status, 401, r.body);
    const requestId = r.headers["x-request-id"];
    await sleep(200);
    const line = fs
      .readFileSync(path.join(runDir, "gateway.log"), "utf8")
      .split("\n")
      .find((l) => l.includes(`"request_id":"${requestId}"`) && l.includes('"event":"request"'));
    assert.ok(line, `no gateway log line for ${requestId}`);
    const entry = JSON.parse(line);
    assert.notEqual(entry.forwarded_for, "203.0.113.50");
    assert.notEqual(entry.forwarded_for, "203.0.113.51");
  }
});

test("what the edge refuses itself is the gateway's JSON error shape with its status", async () => {
  const bigToken = exchange(gateway, {
    path: "/api/me",
    headers: { Authorization: `Bearer ${"a".repeat(40000)}` },
  });
  const bigHealth = exchange(gateway, { path: "/health", headers: { "X-Big": "a".repeat(40000) } });
  const wrongMethod = exchange(gateway, { path: "/api/ask" });
  for (const [r, status, code] of [
    [await bigToken, 401, "unauthorized"],
    [await bigHealth, 400, "bad_request"],
    [await wrongMethod, 405, "method_not_allowed"],
  ]) {
    assert.equal(r.status, status, r.body);
    assert.equal(r.headers["content-type"], "application/json");
    const body = JSON.parse(r.body);
    assert.equal(body.error.code, code);
    assert.equal(body.error.request_id, r.headers["x-request-id"]);
  }
});

// An edge of our own on free ports, in front of a stream that sends one event every 400 ms:
// each event must come through when it is sent, not when the stream ends.
test("event streams pass the edge event by event on both ports", async () => {
  const upstream = http.createServer((req, res) => {
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
    });
    let n = 0;
    const timer = setInterval(() => {
      res.write(`event: stage\ndata: {"n":${n}}\n\n`);
      if (++n === 4) {
        clearInterval(timer);
        res.end();
      }
    }, 400);
  });
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  const freePort = () =>
    new Promise((r) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address();
        s.close(() => r(port));
      });
    });
  const [gatewayPort, webPort] = [await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-test-"));
  const upstreamAt = `127.0.0.1:${upstream.address().port}`;
  const conf = execFileSync("bash", [path.join(root, "scripts/edge-conf")], {
    env: {
      ...process.env,
      RUN_DIR: dir,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(gatewayPort),
      WEB_HOST: "127.0.0.1",
      WEB_PORT: String(webPort),
      GATEWAY_UPSTREAM: upstreamAt,
      WEB_UPSTREAM: upstreamAt,
    },
  });
  fs.writeFileSync(path.join(dir, "edge.conf"), conf);
  const nginx = spawn(
    "nginx",
    ["-e", path.join(dir, "edge-error.log"), "-p", dir, "-c", path.join(dir, "edge.conf")],
    {
      stdio: "ignore",
    },
  );
  try {
    for (
      let i = 0;
      i < 50 &&
      (await exchange({ host: "127.0.0.1", port: gatewayPort }, { path: "/" })).status === 0;
      i++
    ) {
      await sleep(100);
    }
    for (const port of [gatewayPort, webPort]) {
      const arrivals = await new Promise((resolve, reject) => {
        const start = performance.now();
        const times = [];
        http
          .get(
            { host: "127.0.0.1", port, path: "/api/ask", headers: { Accept: "text/event-stream" } },
            (res) => {
              res.on("data", (chunk) => {
                for (const _ of String(chunk).matchAll(/event: stage/g))
                  times.push(performance.now() - start);
              });
              res.on("end", () => resolve(times));
            },
          )
          .on("error", reject);
      });
      const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
      console.log(
        `edge port ${port}: events at ${arrivals.map((t) => t.toFixed(0)).join(", ")} ms`,
      );
      assert.equal(arrivals.length, 4);
      assert.ok(percentile(gaps, 0) > 250, `events were buffered: gaps ${gaps}`);
    }
  } finally {
    nginx.kill("SIGTERM");
    upstream.close();
  }
});

after(() => sleep(100));
