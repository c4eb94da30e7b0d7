// contracts/tests/check_live.mjs — live gateway responses checked against contracts/openapi.yaml,
// so code and contract cannot drift. Every response's status must be documented for its
// operation, its JSON body must match the documented schema, and X-Request-Id must be present.
//
//   node contracts/tests/check_live.mjs
// Starts the gateway binary ($GATEWAY_BIN, else build/release, else build/*/gateway/gateway) on a
// free loopback port against the real database (.env is read when variables are not set) and a
// small copilot stand-in; CONTRACT_COPILOT_URL points it at a running copilot instead (its
// INTERNAL_TOKEN must match). GATEWAY_URL checks an already running gateway (and its copilot).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function loadEnv() {
  const file = path.join(root, '.env');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#') || !line.includes('=')) continue;
    const key = line.slice(0, line.indexOf('='));
    if (!process.env[key]) process.env[key] = line.slice(line.indexOf('=') + 1);
  }
}

const spec = YAML.parse(readFileSync(path.join(root, 'contracts/openapi.yaml'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: 'openapi' });

function resolve(node) {
  while (node && node.$ref) {
    node = node.$ref.replace(/^#\//, '').split('/').reduce((at, key) => at[key.replace(/~1/g, '/')], spec);
  }
  return node;
}

function validatorFor(schema) {
  if (schema.$ref) return ajv.getSchema('openapi' + schema.$ref);
  return ajv.compile(schema);
}

let fakeCopilotInUse = false;
let checks = 0;
const failures = [];
function fail(name, message) {
  failures.push(`${name}: ${message}`);
  console.log(`  ✘ ${name}: ${message}`);
}

// Checks one response of `method template` against the spec.
function check(name, method, template, reply, expectStatus) {
  checks += 1;
  const operation = spec.paths?.[template]?.[method.toLowerCase()];
  if (!operation) return fail(name, `${method} ${template} is not in openapi.yaml`);
  if (expectStatus !== undefined && reply.status !== expectStatus) {
    return fail(name, `status ${reply.status}, expected ${expectStatus}: ${reply.body.slice(0, 200)}`);
  }
  const documented = resolve(operation.responses?.[String(reply.status)]);
  if (!documented) return fail(name, `status ${reply.status} is not documented for ${method} ${template}`);
  if (template !== '/health' && template !== '/metrics' && !reply.headers['x-request-id']) {
    return fail(name, 'no X-Request-Id header');
  }
  const type = (reply.headers['content-type'] || '').split(';')[0].trim();
  const media = documented.content?.[type];
  if (!media) return fail(name, `content type ${type} is not documented for status ${reply.status}`);
  if (type === 'application/json') {
    let body;
    try {
      body = JSON.parse(reply.body);
    } catch {
      return fail(name, 'body is not JSON');
    }
    const validate = validatorFor(media.schema);
    if (!validate(body)) return fail(name, ajv.errorsText(validate.errors) + ` in ${reply.body.slice(0, 300)}`);
    if (reply.status >= 400 && body.error?.request_id !== reply.headers['x-request-id']) {
      return fail(name, 'error.request_id differs from X-Request-Id');
    }
  }
  if (type === 'text/event-stream') {
    const events = media['x-sse-events'] || {};
    let count = 0;
    for (const block of reply.body.split(/\n\n/)) {
      const event = /^event: *(.*)$/m.exec(block)?.[1];
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (!event) continue;
      count += 1;
      if (!events[event]) return fail(name, `undocumented event ${event}`);
      const validate = validatorFor(events[event]);
      if (!validate(JSON.parse(data))) return fail(name, `event ${event}: ${ajv.errorsText(validate.errors)}`);
    }
    if (count === 0) return fail(name, 'no events in the stream');
  }
  console.log(`  ✔ ${name} (${reply.status})`);
}

function request(base, method, urlPath, { headers = {}, body } = {}) {
  return new Promise((resolveReply, reject) => {
    const url = new URL(urlPath, base);
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolveReply({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = (token, value, extra = {}) => ({
  headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra },
  body: typeof value === 'string' ? value : JSON.stringify(value),
});
const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });

function freePort() {
  return new Promise((resolvePort) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// A copilot stand-in: a contract-shaped answer (JSON or SSE) built from the user_context sent.
function fakeCopilot(token) {
  const server = http.createServer((req, res) => {
    if (req.url === '/health') return res.end('{"status":"ok"}');
    // The role's catalog, in the copilot's shape (the gateway adds the caller's stores).
    if (req.url.startsWith('/catalog?role=')) {
      if (req.headers['x-internal-token'] !== token) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'internal token', request_id: '' } }));
      }
      const role = new URL(req.url, 'http://copilot').searchParams.get('role');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({
        role,
        metrics: [{ name: 'rentals', label: 'Rentals', description: 'How many DVDs were rented.', format: 'number', view: 'v_rental_scoped', examples: ['Rentals by month'], dimensions: ['month'] }],
        dimensions: [{ name: 'month', label: 'Month', description: 'Calendar month (UTC).', time: true }],
        views: [{ name: 'v_customer_masked', kind: 'scoped', columns: [{ name: 'customer_id', type: 'integer', masked: false }, { name: 'first_name_masked', type: 'text', masked: true }] }],
      }));
    }
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.headers['x-internal-token'] !== token) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'internal token', request_id: '' } }));
      }
      const run = JSON.parse(raw);
      // A statement held for approval (the copilot's 202), for the contract's pending shape.
      if (run.question === 'held for approval') {
        const risk = { score: 66, level: 'high', factors: [{ name: 'estimated_cost', detail: 'cost 1.3 billion', weight: 66 }], note: 'needs approval' };
        const pending = { status: 'pending_approval', approval_id: 1, request_id: run.request_id, conversation_id: randomUUID(), risk };
        if ((req.headers.accept || '').includes('text/event-stream')) {
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write(`event: stage\ndata: ${JSON.stringify({ stage: 'risk', status: 'pending_approval', duration_ms: 0.1, details: risk })}\n\n`);
          res.end(`event: result\ndata: ${JSON.stringify(pending)}\n\n`);
          return;
        }
        res.writeHead(202, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(pending));
      }
      const result = {
        request_id: run.request_id, conversation_id: run.conversation_id || randomUUID(), status: 'ok',
        answer: 'Revenue was 42.', sql: 'SELECT 42 AS revenue', columns: [{ name: 'revenue', type: 'numeric' }],
        rows: [[42]], row_count: 1, truncated: false, intent: 'kpi',
        widgets: [{ id: 'w1', type: 'metric', title: 'Revenue', value: 42, format: 'currency', label: 'Revenue' }],
        suggestions: ['Revenue by month'], explain: { path: 'embedded_planner', views_used: ['v_payment_scoped'], cache_hit: false },
        security: { role: run.user_context.role, store_ids: run.user_context.store_ids, views_used: ['v_payment_scoped'], masked_fields: [], policy: [] },
        timings: { policy: 0.1, total: 1 },
      };
      if ((req.headers.accept || '').includes('text/event-stream')) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write(`event: stage\ndata: ${JSON.stringify({ stage: 'policy', status: 'ok', duration_ms: 0.1, details: {} })}\n\n`);
        res.end(`event: result\ndata: ${JSON.stringify(result)}\n\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(result));
    });
  });
  return server;
}

function findGatewayBinary() {
  if (process.env.GATEWAY_BIN) return process.env.GATEWAY_BIN;
  const candidates = [path.join(root, 'build/release/gateway/gateway')];
  if (existsSync(path.join(root, 'build'))) {
    for (const dir of readdirSync(path.join(root, 'build'))) candidates.push(path.join(root, 'build', dir, 'gateway/gateway'));
  }
  return candidates.find((c) => existsSync(c));
}

async function waitHealthy(base, child) {
  for (let i = 0; i < 300; i += 1) {
    if (child && child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}`);
    try {
      const r = await request(base, 'GET', '/health');
      if (r.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the gateway did not become healthy');
}

async function main() {
  loadEnv();
  let base = process.env.GATEWAY_URL;
  let child;
  let copilot;
  if (!base) {
    const binary = findGatewayBinary();
    if (!binary) throw new Error('no gateway binary: build it first (cmake --build --preset release)');
    const internal = process.env.CONTRACT_COPILOT_URL ? process.env.INTERNAL_TOKEN : randomBytes(24).toString('hex');
    let copilotUrl = process.env.CONTRACT_COPILOT_URL;
    if (!copilotUrl) {
      fakeCopilotInUse = true;
      copilot = fakeCopilot(internal);
      await new Promise((r) => copilot.listen(0, '127.0.0.1', r));
      copilotUrl = `http://127.0.0.1:${copilot.address().port}`;
    }
    const port = await freePort();
    child = spawn(binary, [], {
      env: { ...process.env, GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: String(port), COPILOT_URL: copilotUrl,
             INTERNAL_TOKEN: internal, JWT_SECRET: randomBytes(32).toString('hex'), GATEWAY_LOGIN_PER_IP: '1000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    base = `http://127.0.0.1:${port}`;
    console.log(`gateway ${binary} on ${base}, copilot ${copilotUrl}`);
  }
  try {
    await waitHealthy(base, child);
    await run(base);
  } finally {
    if (child) child.kill('SIGTERM');
    if (copilot) copilot.close();
  }
  console.log(`\n${checks - failures.length}/${checks} responses match contracts/openapi.yaml`);
  if (failures.length) {
    console.log(failures.map((f) => `  - ${f}`).join('\n'));
    process.exit(1);
  }
}

async function run(base) {
  const call = (method, p, options) => request(base, method, p, options);
  const login = async (username, password) => {
    const r = await call('POST', '/api/auth/login', json(null, { username, password }));
    check(`login ${username}`, 'POST', '/api/auth/login', r, 200);
    return JSON.parse(r.body).access_token;
  };
  const admin = await login('admin_user', 'admin123');
  const manager = await login('manager_store1', 'manager123');
  const finance = await login('finance_user', 'finance123');

  check('login wrong password', 'POST', '/api/auth/login', await call('POST', '/api/auth/login', json(null, { username: 'manager_store1', password: 'x' })), 401);
  check('login missing password', 'POST', '/api/auth/login', await call('POST', '/api/auth/login', json(null, { username: 'x' })), 422);
  check('login malformed', 'POST', '/api/auth/login', await call('POST', '/api/auth/login', json(null, '{"username":')), 400);
  check('login text/plain', 'POST', '/api/auth/login', await call('POST', '/api/auth/login', { headers: { 'Content-Type': 'text/plain' }, body: 'x' }), 415);

  check('me', 'GET', '/api/me', await call('GET', '/api/me', bearer(finance)), 200);
  check('me without token', 'GET', '/api/me', await call('GET', '/api/me'), 401);
  check('suggestions', 'GET', '/api/suggestions', await call('GET', '/api/suggestions', bearer(manager)), 200);
  check('catalog', 'GET', '/api/catalog', await call('GET', '/api/catalog', bearer(manager)), 200);
  check('catalog as finance', 'GET', '/api/catalog', await call('GET', '/api/catalog', bearer(finance)), 200);
  check('catalog as admin', 'GET', '/api/catalog', await call('GET', '/api/catalog', bearer(admin)), 200);
  check('catalog without token', 'GET', '/api/catalog', await call('GET', '/api/catalog'), 401);
  check('catalog wrong method', 'GET', '/api/catalog', await call('POST', '/api/catalog', json(manager, {})), 405);
  check('ask what can I ask', 'POST', '/api/ask', await call('POST', '/api/ask', json(finance, { question: 'What can I ask?' })), 200);

  const answer = await call('POST', '/api/ask', json(manager, { question: 'total revenue', store_id: 1 }));
  check('ask', 'POST', '/api/ask', answer, 200);
  check('ask as admin', 'POST', '/api/ask', await call('POST', '/api/ask', json(admin, { question: 'revenue by store' })), 200);
  check('ask as SSE', 'POST', '/api/ask', await call('POST', '/api/ask', json(finance, { question: 'total revenue' }, { Accept: 'text/event-stream' })), 200);
  check('ask without token', 'POST', '/api/ask', await call('POST', '/api/ask', json(null, { question: 'q' })), 401);
  check('ask other store', 'POST', '/api/ask', await call('POST', '/api/ask', json(manager, { question: 'q', store_id: 2 })), 403);
  check('ask malformed', 'POST', '/api/ask', await call('POST', '/api/ask', json(manager, '{"question": ')), 400);
  check('ask text/plain', 'POST', '/api/ask', await call('POST', '/api/ask', { headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${manager}` }, body: 'q' }), 415);
  check('ask invalid store', 'POST', '/api/ask', await call('POST', '/api/ask', json(manager, { question: 'q', store_id: '1 OR 1=1' })), 422);
  check('ask too large', 'POST', '/api/ask', await call('POST', '/api/ask', json(manager, { question: 'a'.repeat(70000) })), 413);

  check('conversation not found', 'GET', '/api/conversations/{id}', await call('GET', `/api/conversations/${randomUUID()}`, bearer(manager)), 404);
  const requestId = answer.headers['x-request-id'];
  check('feedback', 'POST', '/api/feedback', await call('POST', '/api/feedback', json(manager, { request_id: requestId, rating: 'up', comment: 'contract test' })), 201);
  check('feedback invalid', 'POST', '/api/feedback', await call('POST', '/api/feedback', json(manager, { request_id: requestId, rating: 'meh' })), 422);

  check('audit', 'GET', '/api/audit', await call('GET', '/api/audit?limit=5', bearer(admin)), 200);
  check('audit refused', 'GET', '/api/audit', await call('GET', '/api/audit?status=refused&limit=3', bearer(admin)), 200);
  check('audit as manager', 'GET', '/api/audit', await call('GET', '/api/audit', bearer(manager)), 403);
  check('audit bad limit', 'GET', '/api/audit', await call('GET', '/api/audit?limit=0', bearer(admin)), 422);
  check('approvals', 'GET', '/api/approvals', await call('GET', '/api/approvals?status=pending&limit=5', bearer(admin)), 200);
  check('approvals approved', 'GET', '/api/approvals', await call('GET', '/api/approvals?status=approved', bearer(admin)), 200);
  check('approvals as manager', 'GET', '/api/approvals', await call('GET', '/api/approvals', bearer(manager)), 403);
  check('approvals without token', 'GET', '/api/approvals', await call('GET', '/api/approvals'), 401);
  check('approvals bad status', 'GET', '/api/approvals', await call('GET', '/api/approvals?status=maybe', bearer(admin)), 422);
  check('approve unknown', 'POST', '/api/approvals/{id}/approve', await call('POST', '/api/approvals/999999999999/approve', json(admin, {})), 404);
  check('reject unknown', 'POST', '/api/approvals/{id}/reject', await call('POST', '/api/approvals/999999999999/reject', json(admin, { reason: 'no' })), 404);
  check('approve as manager', 'POST', '/api/approvals/{id}/approve', await call('POST', '/api/approvals/1/approve', json(manager, {})), 403);
  check('approve bad reason', 'POST', '/api/approvals/{id}/approve', await call('POST', '/api/approvals/1/approve', json(admin, { reason: 5 })), 422);
  // Policies: the version in force (404 before any copilot seeded one), its history, refusals of
  // each kind, and one save of the rules in force unchanged (a new version saying the same).
  const policy = await call('GET', '/api/policies', bearer(admin));
  check('policy', 'GET', '/api/policies', policy);
  check('policy as manager', 'GET', '/api/policies', await call('GET', '/api/policies', bearer(manager)), 403);
  check('policy without token', 'GET', '/api/policies', await call('GET', '/api/policies'), 401);
  check('policy versions', 'GET', '/api/policies/versions', await call('GET', '/api/policies/versions?limit=5', bearer(admin)), 200);
  check('policy versions bad limit', 'GET', '/api/policies/versions', await call('GET', '/api/policies/versions?limit=0', bearer(admin)), 422);
  check('policy version unknown', 'GET', '/api/policies/versions/{version}', await call('GET', '/api/policies/versions/99999999999', bearer(admin)), 404);
  const current = policy.status === 200 ? JSON.parse(policy.body) : { version: 0, rules: JSON.parse(readFileSync(path.join(root, 'copilot/policy/rules.json'), 'utf8')) };
  if (current.version > 0) {
    check('policy version', 'GET', '/api/policies/versions/{version}', await call('GET', `/api/policies/versions/${current.version}`, bearer(admin)), 200);
  }
  const badRegex = structuredClone(current.rules);
  badRegex.rules.push({ id: 'contract_bad', kind: 'pattern', code: 'policy_denied', reason: 'r', patterns: ['(unclosed'] });
  check('policy save bad regex', 'PUT', '/api/policies', await call('PUT', '/api/policies', json(admin, { rules: badRegex, base_version: current.version })), 422);
  check('policy save not JSON', 'PUT', '/api/policies', await call('PUT', '/api/policies', json(admin, { rules: '{"rules": [', base_version: current.version })), 422);
  check('policy save stale', 'PUT', '/api/policies', await call('PUT', '/api/policies', json(admin, { rules: current.rules, base_version: 999999999 })), 409);
  check('policy save malformed', 'PUT', '/api/policies', await call('PUT', '/api/policies', json(admin, '{"rules": ')), 400);
  check('policy save text/plain', 'PUT', '/api/policies', await call('PUT', '/api/policies', { headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${admin}` }, body: 'x' }), 415);
  check('policy save as manager', 'PUT', '/api/policies', await call('PUT', '/api/policies', json(manager, { rules: current.rules, base_version: current.version })), 403);
  check('policy save', 'PUT', '/api/policies', await call('PUT', '/api/policies', json(admin, { rules: current.rules, comment: 'contract test: the same rules saved again', base_version: current.version })), 201);
  if (fakeCopilotInUse) {
    check('ask held for approval', 'POST', '/api/ask', await call('POST', '/api/ask', json(manager, { question: 'held for approval' })), 202);
    check('ask held for approval (SSE)', 'POST', '/api/ask', await call('POST', '/api/ask', json(manager, { question: 'held for approval' }, { Accept: 'text/event-stream' })), 200);
  }
  // A second stack whose copilot holds every statement (RISK_THRESHOLD_SET=approval_drill): the
  // whole round trip, as the real services answer it.
  if (process.env.CONTRACT_DRILL_URL) {
    const drill = (method, urlPath, options) => request(process.env.CONTRACT_DRILL_URL, method, urlPath, options);
    const login = async (username, password) => JSON.parse((await drill('POST', '/api/auth/login', json(null, { username, password }))).body).access_token;
    const dManager = await login('manager_store1', 'manager123');
    const dAdmin = await login('admin_user', 'admin123');
    const held = await drill('POST', '/api/ask', json(dManager, { question: 'How many rentals did we have in June 2022?' }));
    check('drill: ask held', 'POST', '/api/ask', held, 202);
    check('drill: ask held (SSE)', 'POST', '/api/ask', await drill('POST', '/api/ask', json(dManager, { question: 'How many rentals did we have in June 2022?' }, { Accept: 'text/event-stream' })), 200);
    const id = JSON.parse(held.body).approval_id;
    check('drill: pending list', 'GET', '/api/approvals', await drill('GET', '/api/approvals?status=pending', bearer(dAdmin)), 200);
    check('drill: approve', 'POST', '/api/approvals/{id}/approve', await drill('POST', `/api/approvals/${id}/approve`, json(dAdmin, { reason: 'contract test' })), 200);
    check('drill: approve twice', 'POST', '/api/approvals/{id}/approve', await drill('POST', `/api/approvals/${id}/approve`, json(dAdmin, {})), 409);
    const own = JSON.parse((await drill('POST', '/api/ask', json(dAdmin, { question: 'How many rentals did we have in June 2022?' }))).body).approval_id;
    check('drill: approve own', 'POST', '/api/approvals/{id}/approve', await drill('POST', `/api/approvals/${own}/approve`, json(dAdmin, {})), 403);
    check('drill: reject', 'POST', '/api/approvals/{id}/reject', await drill('POST', `/api/approvals/${own}/reject`, json(dManager, {})), 403);
  }
  // The quality loop (issue 16): the review queue, its figures, verdicts and eval corrections.
  check('review queue', 'GET', '/api/review', await call('GET', '/api/review?status=open&limit=5', bearer(admin)), 200);
  check('review queue reviewed', 'GET', '/api/review', await call('GET', '/api/review?status=reviewed&kind=thumbs_down', bearer(admin)), 200);
  check('review queue as manager', 'GET', '/api/review', await call('GET', '/api/review', bearer(manager)), 403);
  check('review queue bad kind', 'GET', '/api/review', await call('GET', '/api/review?kind=nice', bearer(admin)), 422);
  check('review stats', 'GET', '/api/review/stats', await call('GET', '/api/review/stats', bearer(admin)), 200);
  check('review unknown item', 'GET', '/api/review/{id}', await call('GET', '/api/review/no-such-request', bearer(admin)), 404);
  check('review bad verdict', 'POST', '/api/review/{id}', await call('POST', '/api/review/no-such-request', json(admin, { verdict: 'maybe' })), 422);
  check('eval corrections', 'GET', '/api/eval/corrections', await call('GET', '/api/eval/corrections?limit=5', bearer(admin)), 200);
  check('eval export as manager', 'GET', '/api/eval/export', await call('GET', '/api/eval/export', bearer(manager)), 403);
  if (!fakeCopilotInUse) {
    const asked = JSON.parse((await call('POST', '/api/ask', json(manager, { question: 'total revenue' }))).body);
    await new Promise((r) => setTimeout(r, 500)); // the copilot's audit row is written off the request path
    check('review item', 'GET', '/api/review/{id}', await call('GET', `/api/review/${asked.request_id}`, bearer(admin)), 200);
    check('review verdict', 'POST', '/api/review/{id}', await call('POST', `/api/review/${asked.request_id}`, json(admin, { verdict: 'right', note: 'contract test' })), 201);
  }
  check('health', 'GET', '/health', await call('GET', '/health'), 200);
  check('metrics', 'GET', '/metrics', await call('GET', '/metrics'), 200);
}

main().catch((e) => {
  console.error(`contract check failed: ${e.message}`);
  process.exit(1);
});
