// A stand-in for the C++ gateway, for developing the web app alone (`npm run mock:gateway`).
// Answers with the contract's shapes (contracts/README.md) and canned data; never used by tests
// of the real stack. Port: MOCK_GATEWAY_PORT (default 3000).
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

const port = Number(process.env.MOCK_GATEWAY_PORT ?? 3000);
const users = {
  admin_user: { pw: "admin123", user_id: 1, role: "admin", store_ids: [1, 2], is_all_stores: true },
  manager_store1: {
    pw: "manager123",
    user_id: 2,
    role: "store_manager",
    store_ids: [1],
    is_all_stores: false,
  },
  manager_multi: {
    pw: "manager123",
    user_id: 3,
    role: "store_manager",
    store_ids: [1, 2],
    is_all_stores: false,
  },
  marketing_user: {
    pw: "marketing123",
    user_id: 4,
    role: "marketing",
    store_ids: [1, 2],
    is_all_stores: false,
  },
  finance_user: {
    pw: "finance123",
    user_id: 5,
    role: "finance",
    store_ids: [1],
    is_all_stores: false,
  },
};
const audit = [];
const conversations = new Map();

function send(res, status, body, headers = {}) {
  const requestId = headers["X-Request-Id"] ?? randomUUID();
  res.writeHead(status, {
    "Content-Type": "application/json",
    "X-Request-Id": requestId,
    ...headers,
  });
  res.end(JSON.stringify(body));
}
function fail(res, status, code, message, extra = {}) {
  const request_id = randomUUID();
  send(
    res,
    status,
    { error: { code, message, request_id, ...extra } },
    { "X-Request-Id": request_id },
  );
}
// A small catalog in GET /api/catalog's shape: marketing has no payment view or measures.
function catalogFor(user) {
  const marketing = user.role === "marketing";
  const rentals = {
    name: "rentals",
    label: "Rentals",
    description: "How many DVDs were rented.",
    format: "number",
    view: "v_rental_scoped",
    examples: ["Rentals by month", "Top 10 films by rentals"],
    dimensions: ["store", "month"],
  };
  const revenue = {
    name: "revenue",
    label: "Revenue",
    description: "Money taken in payments.",
    format: "currency",
    view: "v_payment_scoped",
    examples: ["Revenue by month"],
    dimensions: ["store", "month"],
  };
  const column = (name, masked = false) => ({ name, type: "text", masked });
  return {
    role: user.role,
    store_ids: user.store_ids,
    is_all_stores: user.is_all_stores,
    metrics: marketing ? [rentals] : [revenue, rentals],
    dimensions: [
      { name: "store", label: "Store", description: "The store.", time: false },
      { name: "month", label: "Month", description: "Calendar month (UTC).", time: true },
    ],
    views: [
      ...(marketing
        ? []
        : [{ name: "v_payment_scoped", kind: "scoped", columns: [column("amount")] }]),
      { name: "v_rental_scoped", kind: "scoped", columns: [column("rental_id")] },
      {
        name: "v_customer_masked",
        kind: "scoped",
        columns: [column("customer_id"), column("first_name_masked", true), column("city")],
      },
    ],
  };
}

function userOf(req) {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
  if (!m) return null;
  try {
    const name = Buffer.from(m[1], "base64url").toString();
    const u = users[name];
    return u
      ? {
          username: name,
          user_id: u.user_id,
          role: u.role,
          store_ids: u.store_ids,
          is_all_stores: u.is_all_stores,
        }
      : null;
  } catch {
    return null;
  }
}
async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const months = ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06", "2022-07"];
function vega(mark, x, y, values, xType = "nominal") {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    data: { values },
    mark: { type: mark, tooltip: true, point: mark === "line" },
    encoding: {
      x: { field: x, type: xType, sort: mark === "bar" ? "-y" : undefined },
      y: { field: y, type: "quantitative" },
    },
  };
}

function answerFor(question, user, storeIds, previous) {
  const q = question.toLowerCase();
  if (user.role === "marketing" && /revenue|payment|sales/.test(q)) {
    return {
      refuse: {
        reason: "marketing_no_payments",
        message: "Marketing cannot see revenue or payment amounts.",
        suggestion: "How many rentals per month?",
      },
    };
  }
  if (/store\s*2/.test(q) && !storeIds.includes(2)) {
    return {
      refuse: {
        reason: "other_store",
        message: "You can only see data for store 1.",
        suggestion: "What is the total revenue for store 1?",
      },
    };
  }
  if (/email|address|phone/.test(q)) {
    return {
      refuse: {
        reason: "pii",
        message: "Customer contact details are never shown.",
        suggestion: "How many active customers per country?",
      },
    };
  }
  if (/total revenue/.test(q)) {
    const value = 67416.51;
    return {
      intent: "kpi",
      answer: `Total revenue is $${value.toLocaleString("en-US")} (as of 2022-08-23).`,
      sql: "SELECT sum(amount) AS revenue FROM v_payment_scoped LIMIT 200",
      columns: [{ name: "revenue", type: "numeric" }],
      rows: [[value]],
      widgets: [
        {
          id: "w1",
          type: "metric",
          title: "Total revenue",
          value,
          format: "currency",
          label: "all time",
        },
      ],
    };
  }
  if (/by month|instead/.test(q) || (previous && /month/.test(q))) {
    const values = months.map((m, i) => ({ month: m, revenue: 4000 + i * 731.5 }));
    return {
      intent: "trend",
      answer: "Revenue rose every month, from $4,000.00 in 2022-01 to $8,389.00 in 2022-07.",
      sql: "SELECT date_trunc('month', payment_date) AS month, sum(amount) AS revenue\nFROM v_payment_scoped\nGROUP BY 1 ORDER BY 1 LIMIT 200",
      columns: [
        { name: "month", type: "timestamptz" },
        { name: "revenue", type: "numeric" },
      ],
      rows: values.map((v) => [`${v.month}-01T00:00:00Z`, v.revenue]),
      widgets: [
        {
          id: "w1",
          type: "line",
          title: "Revenue by month",
          vega_lite: vega("line", "month", "revenue", values, "temporal"),
        },
      ],
    };
  }
  if (/top 5 films/.test(q)) {
    const values = [
      "BUCKET BROTHERHOOD",
      "ROCKETEER MOTHER",
      "FORWARD TEMPLE",
      "GRIT CLOCKWORK",
      "JUGGLER HARDLY",
    ].map((f, i) => ({ film: f, rentals: 34 - i }));
    return {
      intent: "ranking",
      answer: "BUCKET BROTHERHOOD is the most rented film with 34 rentals.",
      sql: "SELECT f.title AS film, count(*) AS rentals FROM v_rental_scoped r JOIN film f USING (film_id) GROUP BY f.title ORDER BY rentals DESC, film LIMIT 5",
      columns: [
        { name: "film", type: "text" },
        { name: "rentals", type: "int8" },
      ],
      rows: values.map((v) => [v.film, v.rentals]),
      widgets: [
        {
          id: "w1",
          type: "bar",
          title: "Top 5 films by rentals",
          vega_lite: vega("bar", "film", "rentals", values),
        },
        { id: "w2", type: "table", title: "Rows", columns: ["film", "rentals"] },
      ],
    };
  }
  if (/by store/.test(q)) {
    const values = storeIds.map((s) => ({ store_id: s, revenue: 30000 + s * 1234.5 }));
    return {
      intent: "comparison",
      answer:
        "Revenue by store: " +
        values.map((v) => `store ${v.store_id} $${v.revenue}`).join(", ") +
        ".",
      sql: "SELECT store_id, sum(amount) AS revenue FROM v_payment_scoped GROUP BY 1 ORDER BY 1 LIMIT 200",
      columns: [
        { name: "store_id", type: "int4" },
        { name: "revenue", type: "numeric" },
      ],
      rows: values.map((v) => [v.store_id, v.revenue]),
      widgets: [
        {
          id: "w1",
          type: "bar",
          title: "Revenue by store",
          vega_lite: vega("bar", "store_id", "revenue", values),
        },
      ],
    };
  }
  if (/customers/.test(q)) {
    return {
      clarify: {
        question: "Which customers do you mean?",
        options: [
          { label: "Active customers", question: "How many active customers are there?" },
          { label: "All customers", question: "How many customers are there?" },
        ],
      },
    };
  }
  return {
    intent: "lookup",
    answer: "Here are the rentals per category.",
    sql: "SELECT c.name AS category, count(*) AS rentals FROM v_rental_scoped r JOIN film_category fc USING (film_id) JOIN category c USING (category_id) GROUP BY 1 ORDER BY 2 DESC LIMIT 200",
    columns: [
      { name: "category", type: "text" },
      { name: "rentals", type: "int8" },
    ],
    rows: [
      ["Sports", 1179],
      ["Animation", 1166],
    ],
    widgets: [
      { id: "w1", type: "table", title: "Rentals by category", columns: ["category", "rentals"] },
    ],
  };
}

const stages = [
  "policy",
  "rag_retrieval",
  "planning",
  "llm_generation",
  "validation",
  "db_execution",
  "narration",
  "widgets",
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ask(req, res, user) {
  const input = await body(req);
  if (typeof input.question !== "string" || !input.question.trim())
    return fail(res, 422, "invalid_field", "question is required", { field: "question" });
  if (input.store_id != null && !user.is_all_stores && !user.store_ids.includes(input.store_id)) {
    return fail(res, 403, "scope_denied", `Store ${input.store_id} is outside your access.`);
  }
  if (/rate limit/i.test(input.question))
    return fail(res, 429, "rate_limited", "Slow down.", { retry_after_s: 12 });
  if (/unavailable/i.test(input.question))
    return fail(res, 503, "upstream_unavailable", "The copilot is down.");
  const storeIds = input.store_id != null ? [input.store_id] : user.store_ids;
  const request_id = randomUUID();
  const conversation_id = input.conversation_id ?? randomUUID();
  const previous = conversations.get(conversation_id);
  const out = answerFor(input.question, user, storeIds, previous);
  const sse = (req.headers.accept ?? "").includes("text/event-stream");
  const timings = {};
  const events = [];
  if (sse)
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      "X-Request-Id": request_id,
    });
  const emit = (event, data) =>
    sse && res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  for (const stage of stages) {
    await sleep(sse ? 120 : 0);
    const refused = stage === "policy" && out.refuse;
    const ev = {
      stage,
      status: refused ? "refused" : "ok",
      duration_ms: 5 + Math.random() * 40,
      details: refused ? { reason: out.refuse.reason } : {},
    };
    timings[stage] = ev.duration_ms;
    events.push({ ...ev, created_at: new Date().toISOString() });
    emit("stage", ev);
    if (refused) break;
  }
  timings.total = Object.values(timings).reduce((a, b) => a + b, 0);
  const entry = {
    request_id,
    conversation_id,
    username: user.username,
    role: user.role,
    store_ids: storeIds,
    question: input.question,
    status: out.refuse ? "refused" : out.clarify ? "needs_clarification" : "ok",
    error_stage: out.refuse ? "policy" : null,
    sql: out.sql ?? null,
    total_ms: timings.total,
    created_at: new Date().toISOString(),
    events,
  };
  audit.unshift(entry);
  if (out.refuse) {
    const error = {
      error: {
        code: "policy_denied",
        message: out.refuse.message,
        request_id,
        reason: out.refuse.reason,
        suggestion: out.refuse.suggestion,
      },
    };
    if (sse) {
      emit("error", error);
      return res.end();
    }
    return send(res, 403, error, { "X-Request-Id": request_id });
  }
  conversations.set(conversation_id, {
    user: user.username,
    turns: [
      ...(previous?.turns ?? []),
      {
        request_id,
        question: input.question,
        status: entry.status,
        answer: out.answer ?? "",
        sql: out.sql ?? "",
        created_at: entry.created_at,
      },
    ],
  });
  const result = {
    request_id,
    conversation_id,
    status: out.clarify ? "needs_clarification" : "ok",
    answer: out.answer ?? out.clarify.question,
    sql: out.sql ?? "",
    columns: out.columns ?? [],
    rows: out.rows ?? [],
    row_count: (out.rows ?? []).length,
    truncated: false,
    intent: out.intent ?? "",
    widgets: out.widgets ?? [],
    suggestions: out.clarify ? [] : ["and by month instead", "Top 5 films by rentals"],
    ...(out.clarify ? { clarification: out.clarify } : {}),
    explain: {
      path: "embedded_planner",
      semantic_query: { metric: "revenue" },
      views_used: ["v_payment_scoped"],
      filters: storeIds.length === 1 ? [`store_id = ${storeIds[0]}`] : [],
      time_range: null,
      as_of: "2022-08-23",
      retrieved: [{ id: "metric:revenue", kind: "metric", title: "Revenue", score: 0.82 }],
      guardrail: { verdict: "accepted", reason: null, fingerprint: "abc123" },
      cache_hit: false,
    },
    security: {
      role: user.role,
      store_ids: storeIds,
      views_used: ["v_payment_scoped"],
      masked_fields: user.role === "marketing" ? ["first_name_masked"] : [],
      policy: [
        { rule: "role_may_read_view", decision: "allow", reason: "v_payment_scoped is allowed" },
      ],
    },
    timings,
  };
  if (sse) {
    emit("result", result);
    return res.end();
  }
  send(res, 200, result, { "X-Request-Id": request_id });
}

createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/health") return send(res, 200, { status: "ok", copilot: "ok" });
    if (url.pathname === "/api/auth/login" && req.method === "POST") {
      const { username, password } = await body(req);
      const u = users[username];
      if (!u || u.pw !== password)
        return fail(res, 401, "unauthorized", "Invalid username or password.");
      return send(res, 200, {
        access_token: Buffer.from(username).toString("base64url"),
        token_type: "Bearer",
        expires_in: 3600,
        user: {
          user_id: u.user_id,
          username,
          role: u.role,
          store_ids: u.store_ids,
          is_all_stores: u.is_all_stores,
        },
      });
    }
    const user = userOf(req);
    if (!user) return fail(res, 401, "unauthorized", "Missing or invalid token.");
    if (url.pathname === "/api/me") return send(res, 200, user);
    if (url.pathname === "/api/suggestions")
      return send(res, 200, {
        role: user.role,
        suggestions:
          user.role === "marketing"
            ? ["Rentals by month", "Customers by country"]
            : ["What is the total revenue?", "Revenue by month", "Top 5 films by rentals"],
      });
    if (url.pathname === "/api/catalog") return send(res, 200, catalogFor(user));
    if (url.pathname === "/api/ask" && req.method === "POST") return ask(req, res, user);
    if (url.pathname === "/api/feedback" && req.method === "POST") {
      await body(req);
      return send(res, 201, { feedback_id: audit.length + 1 });
    }
    const conv = /^\/api\/conversations\/(.+)$/.exec(url.pathname);
    if (conv) {
      const c = conversations.get(conv[1]);
      if (!c || c.user !== user.username)
        return fail(res, 404, "not_found", "No such conversation.");
      return send(res, 200, { conversation_id: conv[1], turns: c.turns });
    }
    if (url.pathname === "/api/audit") {
      if (user.role !== "admin") return fail(res, 403, "forbidden", "Admins only.");
      const limit = Number(url.searchParams.get("limit") ?? 50),
        offset = Number(url.searchParams.get("offset") ?? 0);
      const items = audit.filter(
        (a) =>
          (!url.searchParams.get("status") || a.status === url.searchParams.get("status")) &&
          (!url.searchParams.get("user") || a.username === url.searchParams.get("user")),
      );
      return send(res, 200, {
        items: items.slice(offset, offset + limit),
        total: items.length,
        limit,
        offset,
      });
    }
    fail(res, 404, "not_found", "No such route.");
  } catch {
    fail(res, 400, "bad_request", "Malformed request.");
  }
}).listen(port, "127.0.0.1", () => console.log(`mock gateway on http://127.0.0.1:${port}`));
