// gateway/routes/routes.hpp — one registration function per resource; each is defined in its own
// route file (routes/<resource>.cpp), and server/app.cpp registers them all.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

// GET /api/answers/{request_id}/export?format=csv|xlsx|json: an answer's rows as a file, for its
// asker (re-run under the asker's current role and scope).
void add_answers_routes(Router& router, Context& ctx);
// GET /api/approvals, POST /api/approvals/{id}/approve|reject: the approval queue, for approvers.
void add_approvals_routes(Router& router, Context& ctx);
// POST /api/ask: JSON, or an event stream relayed from the copilot.
void add_ask_routes(Router& router, Context& ctx);
// GET /api/audit: the audit trail, for admins.
void add_audit_routes(Router& router, Context& ctx);
// GET /api/catalog: the metrics, dimensions, views and columns the caller's role may use.
void add_catalog_routes(Router& router, Context& ctx);
// POST /api/auth/login (sign in), POST /api/auth/logout and GET /api/me.
void add_auth_routes(Router& router, Context& ctx);
// GET /api/conversations/{id}: a conversation, for its owner.
void add_conversations_routes(Router& router, Context& ctx);
// POST /api/feedback: a rating of an answer.
void add_feedback_routes(Router& router, Context& ctx);
// GET /api/auth/config, POST /api/auth/oidc/start, POST /api/auth/oidc/callback: how one may
// sign in, and OpenID Connect sign-in.
void add_oidc_routes(Router& router, Context& ctx);
// GET/POST /api/documents, DELETE /api/documents/{id}: documents admins add to what the copilot
// knows (Markdown, plain text, PDF), versioned by title.
void add_documents_routes(Router& router, Context& ctx);
// GET /health and GET /metrics.
void add_health_metrics_routes(Router& router, Context& ctx);
// GET/PUT /api/policies, GET /api/policies/versions[/{version}]: the policy's versions, for
// admins.
void add_policies_routes(Router& router, Context& ctx);
// GET/POST /api/org/memory, GET/PUT/DELETE /api/org/memory/{id}: the organisation's glossary and
// rules, versioned, for admins.
void add_org_memory_routes(Router& router, Context& ctx);
// GET/PUT/DELETE /api/me/preferences, DELETE /api/me/preferences/{key}: the caller's own
// preferences (user memory).
void add_preferences_routes(Router& router, Context& ctx);
// GET/POST /api/saved, DELETE /api/saved/{id}, POST /api/saved/{id}/run: the caller's board of
// saved questions, each re-run as the caller.
void add_saved_routes(Router& router, Context& ctx);
// GET/POST /api/review[/{id}], GET /api/review/stats, GET /api/eval/corrections, GET
// /api/eval/export: the quality loop (review queue, corrections, dataset export), for admins.
void add_review_routes(Router& router, Context& ctx);
// GET /api/suggestions: example questions for the caller's role.
void add_suggestions_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
