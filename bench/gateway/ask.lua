-- bench/gateway/ask.lua — wrk script: POST /api/ask as one user, prints one RESULT line (JSON).
-- TOKEN: the bearer token; QUESTION: the question (default: a cacheable KPI question).
local token = os.getenv("TOKEN") or ""
local question = os.getenv("QUESTION") or "What was total revenue last month?"
wrk.method = "POST"
wrk.body = '{"question":"' .. question .. '"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.2f,"rps":%.1f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"errors":%d,"non_2xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status))
end
