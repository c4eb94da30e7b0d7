#!/usr/bin/env node
// bench/gateway/edge_measure.mjs — measures one HTTP server under the issue-13 attacks, the way
// the edge was chosen: slow clients (N connections, one head byte every interval) while /health
// and a login are probed, a chunked flood and a gzip bomb with the server's RSS read from /proc.
// Loopback only, bounded in time.
//   node bench/gateway/edge_measure.mjs --url http://127.0.0.1:3000 [--pid PID]
//     [--slow 500] [--interval 5000] [--seconds 30] [--sources 20]
//     [--login '{"username":"admin_user","password":"admin123"}'] [--flood-mb 1536] [--only slow,flood,gzip]
import {
  chunkedFlood,
  exchange,
  gzipBomb,
  loopbackTarget,
  memoryOf,
  probeFor,
  slowClients,
  sleep,
} from "../../e2e/attacks/attacks.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const target = loopbackTarget(args.url ?? "http://127.0.0.1:3000");
const pid = args.pid ? Number(args.pid) : undefined;
const only = new Set((args.only ?? "slow,flood,gzip").split(","));
const slow = Number(args.slow ?? 500);
const intervalMs = Number(args.interval ?? 5000);
const seconds = Number(args.seconds ?? 30);
const sources = Array.from(
  { length: Number(args.sources ?? 20) },
  (_, i) => `127.0.0.${i + 2}`,
);
const login = args.login;
const mem = () => (pid ? memoryOf(pid) : { rssMb: NaN, hwmMb: NaN });
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");

if (only.has("slow")) {
  const attack = slowClients(target, { count: slow, intervalMs, sources });
  await sleep(2000);
  const health = probeFor(
    async () => {
      const r = await exchange(target, {
        path: "/health",
        localAddress: "127.0.0.1",
      });
      return { ms: r.ms, ok: r.status === 200, detail: r.status || r.error };
    },
    { everyMs: 100, durationMs: seconds * 1000 },
  );
  const logins = login
    ? probeFor(
        async () => {
          const r = await exchange(target, {
            method: "POST",
            path: "/api/auth/login",
            headers: { "Content-Type": "application/json" },
            body: login,
            localAddress: "127.0.0.1",
          });
          return {
            ms: r.ms,
            ok: r.status === 200,
            detail: r.status || r.error,
          };
        },
        { everyMs: 2000, durationMs: seconds * 1000 },
      )
    : Promise.resolve(null);
  const [h, l] = await Promise.all([health, logins]);
  const s = attack.stats();
  attack.stop();
  console.log(
    `slow clients ${slow} x 1 byte/${intervalMs} ms for ${seconds} s: /health p50 ${fmt(h.p50)} p99 ${fmt(h.p99)} max ${fmt(h.max)} ms, ` +
      `${h.failures.length}/${h.count} failed` +
      (l
        ? `; login p50 ${fmt(l.p50)} p99 ${fmt(l.p99)} max ${fmt(l.max)} ms, ${l.failures.length}/${l.count} failed`
        : "") +
      `; slow connections opened ${s.opened}, closed by the server ${s.closedByServer}; server RSS ${fmt(mem().rssMb)} MB`,
  );
  await sleep(1000);
}

if (only.has("flood")) {
  const before = mem();
  const r = await chunkedFlood(target, {
    path: "/api/auth/login",
    totalBytes: Number(args["flood-mb"] ?? 1536) * (1 << 20),
  });
  await sleep(300);
  const after = mem();
  console.log(
    `chunked flood: status ${r.status || r.error || "none"} after ${(r.sentBytes / (1 << 20)).toFixed(0)} MB sent in ${fmt(r.ms)} ms; ` +
      `RSS ${fmt(before.rssMb)} -> ${fmt(after.rssMb)} MB (peak ${fmt(after.hwmMb)} MB)`,
  );
}

if (only.has("gzip")) {
  const before = mem();
  const bomb = gzipBomb(60 * (1 << 20));
  const r = await exchange(target, {
    method: "POST",
    path: "/api/auth/login",
    headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" },
    body: bomb,
    timeoutMs: 30000,
  });
  await sleep(300);
  const after = mem();
  console.log(
    `gzip bomb (${(bomb.length / 1024).toFixed(0)} KB -> 60 MB): status ${r.status || r.error} in ${fmt(r.ms)} ms; ` +
      `RSS ${fmt(before.rssMb)} -> ${fmt(after.rssMb)} MB (peak ${fmt(after.hwmMb)} MB)`,
  );
}
