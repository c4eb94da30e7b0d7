// Generated from contracts/openapi.yaml by `npm run gen:api`. Do not edit by hand.

export interface paths {
  "/api/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a username and password for a JWT */
    post: operations["login"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/config": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How one may sign in (password, an OpenID Connect provider) */
    get: operations["authConfig"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/oidc/start": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start an OpenID Connect sign-in (Authorization Code with PKCE)
     * @description The gateway stores a random state, nonce and PKCE code verifier (single use, expiring) and answers the provider's authorization URL to send the browser to. The request body is ignored. 404 `oidc_disabled` when no provider is configured (OIDC_ISSUER unset).
     */
    post: operations["oidcStart"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/oidc/callback": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Finish an OpenID Connect sign-in with the provider's code and state
     * @description The state is consumed (a replayed callback is refused), the code exchanged, the ID token verified against the provider's keys and its claims mapped to a role and stores. Signed in: the same body as a password login (our own token; the provider's never leave the gateway). Refused: `sign_in_refused` with a `reason` (bad_state, replayed_code, bad_nonce, expired, unknown_key, alg_not_allowed, wrong_audience, unmapped, user_disabled, …); every outcome is written to the sign-in audit (sign_in_events).
     */
    post: operations["oidcCallback"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign the token out before it expires
     * @description The token's `jti` goes on a deny-list in the database: from the moment this answers, this gateway refuses the token (other instances within a second). The request body is ignored. GET (or any other method) on this path is 405 with `Allow: POST`.
     */
    post: operations["logout"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller as the token describes them */
    get: operations["getMe"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/ask": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask a question (JSON, or a server-sent event stream)
     * @description With `Accept: application/json` (or none) the answer is one JSON body. With
     *     `Accept: text/event-stream` the response is a stream of events:
     *
     *     ```
     *     event: stage
     *     data: {"stage":"policy","status":"ok","duration_ms":1.3,"details":{}}
     *
     *     event: result
     *     data: <AskResult>
     *
     *     event: error
     *     data: {"error":{"code":"policy_denied","message":"...","request_id":"..."}}
     *     ```
     *
     *     Stages in order: policy, rag_retrieval, planning, llm_generation, validation, risk,
     *     db_execution, narration, widgets, then completed or failed. Once a stream has started,
     *     a failure (including a policy refusal) arrives as an `error` event, the last event of the
     *     stream; failures found before streaming starts (401, 403 scope_denied, 413, 415, 422,
     *     429) are ordinary JSON error responses. A body field `role` is ignored, or answered 403
     *     when it disagrees with the token.
     *
     *     Every statement is scored after the guardrail and before it runs (`explain.risk`, the
     *     `risk` stage): `low` runs, `medium` runs with `explain.risk.note`, `high` is held for an
     *     approver and answered `202 pending_approval` (on a stream: the `result` event carries the
     *     PendingApproval), `block` is refused (403 `policy_denied` with the reason). Thresholds are
     *     per role, as data (table `risk_thresholds`).
     */
    post: operations["ask"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/suggestions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Example questions suited to the caller's role */
    get: operations["getSuggestions"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/catalog": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What the caller's role may ask about — metrics, dimensions, views and columns
     * @description Built by the copilot from its semantic model and checked against PostgreSQL's privileges of the role's reader (`has_column_privilege` on its scoped views and reference tables), so it never shows more than the database allows: a column the role may not read is absent; a column it only ever sees masked is marked `masked`. Cached per role by the copilot for at most a minute. The role and stores come from the token.
     */
    get: operations["getCatalog"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/me/preferences": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The caller's own preferences (user memory)
     * @description What the caller asked the copilot to remember — set here or stated in a question ("show money without cents", "my weeks start on Sunday", "remember that I want figures for store 1 by default") — and the kinds a user may set. Row-level security in the database shows a user only their own preferences. Used preferences are named in an answer's `explain.preferences_used`.
     */
    get: operations["getPreferences"];
    /**
     * Set one or several preferences
     * @description `{preferences: {key: value}}` (or the keys at the top level). Each key is validated against the closed list of kinds: an unknown key or a wrong value is refused whole (422, `field` naming it); default stores outside the caller's stores are refused (403 `scope_denied`, `field` default_stores, with the reason) — a preference can only narrow. Every change and every refusal is audited with the preferences before and after.
     */
    put: operations["setPreferences"];
    post?: never;
    /** Forget every preference of the caller */
    delete: operations["deleteAllPreferences"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/me/preferences/{key}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Forget one preference */
    delete: operations["deletePreference"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/org/memory": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The organisation's glossary and rules in force (admins)
     * @description The current version of every entry of the caller's organisation (row-level security: another organisation's entries are never visible). `applied` says what the copilot enforces from an entry (`{restriction: "staff_names"}` for "never show staff names") or applies (`{definition: {term, meaning}}` for "a premium film rents for 4.99"); null means the entry is retrieved and cited as context only. An entry can never widen access.
     */
    get: operations["listOrgMemory"];
    put?: never;
    /**
     * Add an entry (admins)
     * @description Version 1 of a new entry; audited with the entry after.
     */
    post: operations["addOrgMemory"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/org/memory/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    /** Every version of one entry (admins) */
    get: operations["getOrgMemoryVersions"];
    /** Change an entry — a new version (admins) */
    put: operations["changeOrgMemory"];
    post?: never;
    /** Delete an entry — a new version marked deleted (admins) */
    delete: operations["deleteOrgMemory"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/review": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The review queue (admins)
     * @description Asked requests of the caller's organisation that need a person's look, newest first: `thumbs_down` (latest rating down), `declined` (needs_clarification or refused) and `low_confidence` (answered, but the planner recorded words it did not understand, or the risk stage scored it medium or high). `open` items have no verdict yet; `reviewed` ones do (the latest counts).
     */
    get: operations["listReview"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/review/stats": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Answer quality by week, role and intent (admins)
     * @description Accuracy of reviewed answers (right / reviewed), thumbs ratio (up / rated) and decline rate (declined / asked) overall and per week (Monday, UTC), role and intent. A rate is null when nothing was counted under it.
     */
    get: operations["reviewStats"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/review/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The asked request's id. */
        id: string;
      };
      cookie?: never;
    };
    /**
     * One item with its rows re-run as the asker (admins)
     * @description The trail records row counts, not rows: the recorded SQL is run again (at most 50 rows) through the copilot's guardrail and executor with the asker's current role and stores.
     */
    get: operations["getReviewItem"];
    put?: never;
    /**
     * Mark an answer right or wrong, with an optional correction (admins)
     * @description A corrected SQL is checked by the copilot's guardrail for the asker's role and run as the asker (their reader role and stores) before it is saved; its row count is stored. A guardrail rejection is 422 `guardrail_rejected` with the guardrail's `reason_code` and `reason`; a statement that fails to run is 422 `correction_failed`. Audited.
     */
    post: operations["reviewItem"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/eval/corrections": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Reviewed pairs as regression cases, with their gold (admins)
     * @description Each reviewed request with a corrected SQL, or marked right with its own SQL, and its gold: the reviewed SQL's rows run as the asker. `eval/run.mjs --corrections` asks each question again as its asker and compares the answer with the gold.
     */
    get: operations["evalCorrections"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/eval/export": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The dataset export, JSON Lines, customer PII scrubbed (admins)
     * @description One line per asked request of the organisation, oldest first (contracts/eval-export.md): question, role, scope, semantic query, SQL, row count, rating, review verdict and correction. Customer names, e-mails, street addresses and phone numbers are replaced by their masked forms. Streamed (chunked) from a server-side cursor. `since` / `until` narrow it to the questions asked in that window (an incremental export).
     */
    get: operations["evalExport"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/conversations/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A conversation's turns (owner only) */
    get: operations["getConversation"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/conversations/{id}/report": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A conversation as a printable, self-contained HTML report (owner only)
     * @description Each turn's question, narrative, table (at most 50 rows) and chart as an inline SVG image, and every turn's SQL in an appendix; print CSS, no external URL. Figures are computed again under the owner's current role and scope. One renderer (the web's, where Vega draws the charts): the edge sends this path on the gateway's public port there too, with the caller's Bearer token.
     */
    get: operations["getConversationReport"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/answers/{request_id}/export": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An answer's rows as CSV, XLSX or JSON (owner only)
     * @description The answer's audited SQL is run again through the copilot: the guardrail for the owner's role today, the role's reader, the owner's current stores (narrowed to the answer's), so an export never shows more than the owner may see now. CSV is RFC 4180 with a UTF-8 BOM, cells that start like a formula (= + - @ tab CR | %) prefixed with a quote. XLSX has typed numeric cells, date cells and currency formats for money columns. Another user's or organisation's answer is 404; an unknown format 400.
     */
    get: operations["exportAnswer"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/saved": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's board of saved questions */
    get: operations["listSaved"];
    put?: never;
    /** Pin one of your answers (request_id) or a question to your board */
    post: operations["addSaved"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/saved/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete one of your saved questions */
    delete: operations["deleteSaved"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/saved/{id}/run": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask a saved question again, as the caller (their role and stores now) */
    post: operations["runSaved"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/feedback": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Thumbs up or down on an answer */
    post: operations["postFeedback"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit logs with their stage events (admin only) */
    get: operations["getAudit"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/approvals": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The approval queue (approvers, i.e. admins)
     * @description Statements held because their risk was high for the requester's role, newest first. A pending request past `expires_at` (APPROVAL_TTL_S, default 24 h) is `expired`.
     */
    get: operations["listApprovals"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/approvals/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One held statement, for its requester or an approver
     * @description The requester follows their own held question here (pending, approved, rejected with the approver's reason, or expired); approvers may read any. Anyone else, and an unknown id, get 404 (whether a request exists is not disclosed).
     */
    get: operations["getApproval"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/approvals/{id}/approve": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Approve a held statement; it runs at once as the requester
     * @description The statement runs with the REQUESTER's role and store scope (never the approver's), in the requester's conversation; `execution` carries its answer (or its error). Nobody approves their own request (403); an unknown id is 404; a request already decided or expired is 409. The decision and the run are audited.
     */
    post: operations["approveApproval"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/approvals/{id}/reject": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a held statement; it never runs */
    post: operations["rejectApproval"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/policies": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The policy in force (admins)
     * @description The newest version of the policy's rules: the document (the shape of copilot/policy/rules.json), who saved it and when. The copilot writes version 1 from its rules file when it first starts; before that there is none (404).
     */
    get: operations["getPolicy"];
    /**
     * Save a new version of the policy (admins)
     * @description Validated before it is saved, with the compiler the copilot runs: a document that does not compile is refused (422, `field` "rules", the compiler's message naming the rule and the field). `base_version` is the version the admin edited: when it is no longer the version in force (another admin saved meanwhile), nothing is saved (409, `current_version`). The running copilot enforces a saved version within 5 s, without a restart. Every save, accepted or refused, is audited with the versions before and after and what changed.
     */
    put: operations["savePolicy"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/policies/versions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The policy's versions, newest first, without their documents (admins) */
    get: operations["listPolicyVersions"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/policies/versions/{version}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One version of the policy, with its document (admins) */
    get: operations["getPolicyVersion"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness of the gateway and reachability of the copilot */
    get: operations["getHealth"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/metrics": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics
     * @description Served to loopback clients (the client address as trusted proxies report it), or with `Authorization: Bearer <METRICS_TOKEN>`.
     */
    get: operations["getMetrics"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The organisation's documents in use (admins)
     * @description The live version of every document of the caller's organisation (row-level security: another organisation's are never visible), with the upload limit, the accepted types and the roles a document may be tagged with. Audited.
     */
    get: operations["listDocuments"];
    put?: never;
    /**
     * Add a document, or a new version of one (admins)
     * @description The body is the document itself; its Content-Type says what it is (text/markdown, text/plain — UTF-8 — or application/pdf, read with pdftotext); `title` and `roles` are query parameters. The text is cut into chunks (by headings and paragraphs, at most 1000 bytes, overlapping), embedded by the copilot and stored for the roles named: the copilot retrieves its passages for those roles only and cites them in `explain.sources`. A document informs planning and narration only: it never grants access. A title the organisation already has becomes a new version; the old one is retired (kept for the audit). At most DOCUMENT_MAX_BYTES (default 2 MiB). Audited, refusals too.
     */
    post: operations["uploadDocument"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Stop using a document (admins)
     * @description Retires its live version; it and its chunks stay stored for the audit.
     */
    delete: operations["deleteDocument"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @enum {string} */
    Role: "admin" | "store_manager" | "marketing" | "finance";
    /** @enum {string} */
    ErrorCode:
      | "bad_request"
      | "unauthorized"
      | "scope_denied"
      | "policy_denied"
      | "forbidden"
      | "not_found"
      | "method_not_allowed"
      | "request_timeout"
      | "conflict"
      | "approval_not_runnable"
      | "payload_too_large"
      | "uri_too_long"
      | "unsupported_media_type"
      | "invalid_field"
      | "rate_limited"
      | "upstream_error"
      | "upstream_unavailable"
      | "analytics_unavailable"
      | "upstream_timeout"
      | "internal"
      | "sign_in_refused"
      | "password_login_disabled"
      | "oidc_disabled"
      | "provider_unavailable"
      | "guardrail_rejected"
      | "correction_failed";
    ErrorBody: {
      error: components["schemas"]["Error"];
    };
    Error: {
      code: components["schemas"]["ErrorCode"];
      /** @description Human readable; never a stack trace. */
      message: string;
      request_id: string;
      /** @description policy_denied: why the question was refused (e.g. a rule code or sentence); sign_in_refused: why the sign-in was refused (bad_state, unmapped, expired, …). */
      reason?: string;
      /** @description policy_denied only — a question the caller may ask instead. */
      suggestion?: string | null;
      /** @description invalid_field only — the offending field. */
      field?: string;
      /** @description rate_limited only — seconds until the caller may try again. */
      retry_after_s?: number;
      /** @description conflict on PUT /api/policies only — the policy version in force now. */
      current_version?: number;
    };
    LoginRequest: {
      username: string;
      password: string;
    };
    AuthConfig: {
      /** @description false when PASSWORD_LOGIN=false (password logins are then 403). */
      password_login: boolean;
      oidc: {
        enabled: boolean;
        /** @description Shown as "Sign in with <provider_name>". */
        provider_name?: string;
        /** @description The provider's end_session_endpoint with our client id and post-logout redirect (RP-initiated logout); absent when the provider has none. */
        logout_url?: string;
      };
    };
    OidcStart: {
      authorization_url: string;
      /** @description Also in the URL; the web binds it to the browser in a short-lived cookie. */
      state: string;
      /** @description Seconds the sign-in may take. */
      expires_in: number;
    };
    OidcCallback: {
      state: string;
      code?: string;
      /** @description The provider's error parameter (the user cancelled, access denied). */
      error?: string;
      /** @description The state the web kept in the browser's cookie; must equal state when sent. */
      browser_state?: string;
    };
    LoginResponse: {
      access_token: string;
      /** @constant */
      token_type: "Bearer";
      /** @description Seconds until the token expires. */
      expires_in: number;
      user: components["schemas"]["User"];
    };
    User: {
      user_id: number;
      username: string;
      role: components["schemas"]["Role"];
      /** @description The stores the user may see (every store for is_all_stores users). */
      store_ids: number[];
      is_all_stores: boolean;
      /** @description The user's organisation. Everything the API shows this user (conversations, audit, approvals, policies) is this organisation's only. */
      org_id?: number;
    };
    AskRequest: {
      question: string;
      /** @description Narrow the answer to one store; 403 scope_denied when outside the caller's scope. */
      store_id?: number | null;
      /** @description Continue a conversation (follow-up questions); omitted to start one. */
      conversation_id?: string | null;
      /**
       * @deprecated
       * @description Ignored (or 403 when it disagrees with the token); the role comes from the token.
       */
      role?: string;
    };
    /** @enum {string} */
    AskStatus: "ok" | "needs_clarification";
    /**
     * @description `catalog`: a question about what can be asked ("what can I ask?", "what data do you have about rentals?"), answered from the caller's catalog (GET /api/catalog) without SQL. `preference`: a preference stated in the question ("show money without cents"), stored and confirmed (or refused, or asked back) without SQL.
     * @enum {string}
     */
    Intent:
      | "kpi"
      | "trend"
      | "ranking"
      | "distribution"
      | "comparison"
      | "lookup"
      | "catalog"
      | "preference"
      | "";
    Column: {
      name: string;
      /** @description PostgreSQL type name (int8, numeric, text, timestamptz, date, ...). */
      type: string;
    };
    /** @description JSON number for numeric types, string otherwise, null for NULL. */
    Cell: number | string | boolean | null;
    AskResult: {
      request_id: string;
      conversation_id: string;
      status: components["schemas"]["AskStatus"];
      /** @description The narrative answer (for needs_clarification, the clarifying question). */
      answer: string;
      /** @description The SQL that ran ("" when none ran). */
      sql: string;
      columns: components["schemas"]["Column"][];
      rows: components["schemas"]["Cell"][][];
      row_count: number;
      truncated: boolean;
      intent: components["schemas"]["Intent"];
      widgets: components["schemas"]["Widget"][];
      /** @description Follow-up questions. */
      suggestions: string[];
      clarification?: components["schemas"]["Clarification"];
      explain: components["schemas"]["Explain"];
      security: components["schemas"]["Security"];
      timings: components["schemas"]["Timings"];
    };
    /** @description Present only when status is needs_clarification. */
    Clarification: {
      question: string;
      options: components["schemas"]["ClarificationOption"][];
      /** @description The words of the question nothing in the plan could account for, quoted back (the question is asked back instead of answered without them). */
      not_understood?: string[];
      /** @description "out_of_domain" when the question is not about this data. */
      reason?: string;
    };
    ClarificationOption: {
      label: string;
      /** @description The full question to ask when this option is chosen. */
      question: string;
    };
    /** @enum {string} */
    WidgetType: "metric" | "bar" | "line" | "pie" | "table";
    Widget: {
      id: string;
      type: components["schemas"]["WidgetType"];
      title: string;
      /** @description metric only. */
      value?: number | string | null;
      /**
       * @description metric only.
       * @enum {string}
       */
      format?: "currency" | "number" | "percent";
      /** @description metric only. */
      label?: string;
      /** @description bar / line / pie only — a Vega-Lite v5 spec with inline data values. */
      vega_lite?: {
        [key: string]: unknown;
      };
      /** @description table only — the result columns to show, by name. */
      columns?: string[];
      /** @description table only — how each column's numbers read (currency, number, percent). */
      formats?: {
        [key: string]: "currency" | "number" | "percent";
      };
      /** @description table only — a header for each column ("Store" for store_id). */
      labels?: {
        [key: string]: string;
      };
      /** @description The user's preference — currency figures read in whole dollars. */
      money_without_cents?: boolean;
    };
    TimeRange: {
      label: string;
      from?: string | null;
      to?: string | null;
    };
    RetrievedDoc: {
      id: string | number;
      kind: string;
      title: string;
      score: number;
    };
    Guardrail: {
      verdict?: string;
      reason?: string | null;
      fingerprint?: string | null;
    };
    Reading: {
      /** @description The words of the question, as typed (lower-cased). */
      text: string;
      /** @description period, store, film, actor, city, customer, filter, negation, condition, measure, breakdown, spelling, follow-up */
      as: string;
      /** @description How it was read, e.g. "film length over 120 minutes", "July 2022 (2022-07-01 to 2022-07-31)". */
      meaning: string;
    };
    /** @description Why this answer — how the question was understood and answered. */
    Explain: {
      /** @description "embedded_planner" or "model:<name>". */
      path?: string;
      semantic_query?: {
        [key: string]: unknown;
      } | null;
      views_used?: string[];
      /** @description How each part of the question was read, in question order: a period, a store, a value from the data, a condition, the measure, a breakdown, a spelling read past. */
      understanding?: components["schemas"]["Reading"][];
      /** @description Words nothing in the plan accounts for (empty for an answer). */
      not_understood?: string[];
      /** @description Filters applied (strings or objects, as the planner states them). */
      filters?: unknown[];
      time_range?: components["schemas"]["TimeRange"] | null;
      /** @description The data's as-of date (YYYY-MM-DD). */
      as_of?: string | null;
      retrieved?: components["schemas"]["RetrievedDoc"][];
      guardrail?: components["schemas"]["Guardrail"] | null;
      cache_hit?: boolean;
      risk?: components["schemas"]["Risk"];
      /** @description The organisation's glossary and rules this answer retrieved or applied. */
      org_memory?: components["schemas"]["OrgMemoryNote"][];
      /** @description Passages of the organisation's documents this answer retrieved (only documents tagged with the asker's role): title, version, chunk and an excerpt. They inform; they never grant access. */
      sources?: components["schemas"]["DocumentSource"][];
      /** @description The caller's preferences this answer used ("Used your preference: …"). */
      preferences_used?: components["schemas"]["PreferenceUsed"][];
    };
    DocumentList: {
      documents: components["schemas"]["Document"][];
      max_bytes: number;
      kinds: string[];
      roles: string[];
    };
    Document: {
      id: number;
      title: string;
      version: number;
      /** @enum {string} */
      kind: "markdown" | "text" | "pdf";
      roles: ("admin" | "store_manager" | "marketing" | "finance")[];
      chunks: number;
      size_bytes: number;
      text_bytes?: number;
      sha256?: string;
      embedder?: string;
      created_by: {
        user_id: number;
        username: string;
      };
      created_at: string;
      retired_at: string | null;
    };
    DocumentAdded: components["schemas"]["Document"] & {
      replaced: components["schemas"]["Document"] | null;
    };
    /** @description A document passage this answer retrieved (for the asker's role and organisation). */
    DocumentSource: {
      document_id: number;
      title: string;
      version: number;
      chunk: number;
      heading?: string;
      excerpt: string;
      score: number;
    };
    /** @description How heavy or sensitive the statement is, scored after the guardrail and before it runs: PostgreSQL's EXPLAIN estimate as the role's reader, plus the parse tree (relations and PII-adjacent columns, set-returning and string-building functions with their literal arguments, joins without a condition), who wrote it and the role. */
    Risk: {
      score: number;
      /** @enum {string} */
      level: "low" | "medium" | "high" | "block";
      factors: components["schemas"]["RiskFactor"][];
      /** @description For medium, high and block, what the user is told. */
      note?: string;
    };
    RiskFactor: {
      /** @description e.g. estimated_cost, estimated_rows, estimated_width, estimate_unavailable, set_returning_function, string_building, cartesian_join, pii_adjacent_columns, author, role. */
      name: string;
      detail: string;
      /** @description Points this factor adds to the score (the heaviest resource factor alone counts). */
      weight: number;
    };
    /** @description The `result` event of a stream — an answer, or the statement held for approval. */
    AskStreamResult: components["schemas"]["AskResult"] | components["schemas"]["PendingApproval"];
    /** @description 202 of POST /api/ask — the statement is held for an approver. */
    PendingApproval: {
      /** @constant */
      status: "pending_approval";
      approval_id: number;
      request_id: string;
      conversation_id: string;
      risk: components["schemas"]["Risk"];
      /** @description What the user is told while it waits. */
      answer?: string;
      /** @description The statement that will run once approved. */
      sql?: string;
      explain?: components["schemas"]["Explain"];
      security?: components["schemas"]["Security"];
      timings?: components["schemas"]["Timings"];
    };
    Approval: {
      approval_id: number;
      /** @enum {string} */
      status: "pending" | "approved" | "rejected" | "expired";
      /** @description The ask that was held. */
      request_id: string;
      conversation_id?: string;
      requester: {
        user_id: number;
        username: string;
        role: string;
        store_ids: number[];
      };
      question: string;
      sql: string;
      risk?: components["schemas"]["Risk"] | null;
      path?: string;
      created_at: string;
      expires_at?: string | null;
      /** @description The approver's username. */
      decided_by?: string | null;
      decided_at?: string | null;
      reason?: string | null;
      executed_at?: string | null;
      /** @description The request id of the approved statement's run (its audit row). */
      executed_request_id?: string | null;
    };
    ApprovalPage: {
      status: string;
      approvals: components["schemas"]["Approval"][];
    };
    /** @description The policy's rules (the shape of copilot/policy/rules.json): `rules` in order (the first that fires refuses the question), each {id, kind: pattern | store_mention | store_wide, roles, code: policy_denied | scope_denied, reason, suggestion, patterns}; and `known_store_ids`. Keys starting with "_" are comments. */
    PolicyDocument: {
      rules: {
        [key: string]: unknown;
      }[];
      known_store_ids?: number[];
    } & {
      [key: string]: unknown;
    };
    /** @description The admin who saved the version; null for a version seeded from the rules file. */
    PolicyAuthor: {
      user_id: number;
      username: string;
    } | null;
    PolicyVersion: {
      version: number;
      rules: components["schemas"]["PolicyDocument"];
      /**
       * @description "file": seeded by the copilot from its rules file; "api": saved by an admin.
       * @enum {string}
       */
      source: "file" | "api";
      comment: string;
      /** Format: date-time */
      created_at: string;
      created_by: components["schemas"]["PolicyAuthor"];
    };
    PolicySaveRequest: {
      /** @description The document, or its JSON text as an editor holds it (a syntax error is then reported with its line and column). */
      rules: components["schemas"]["PolicyDocument"] | string;
      comment?: string | null;
      /** @description The version the edit started from (0 when there was none). */
      base_version: number;
    };
    PolicySaved: components["schemas"]["PolicyVersion"] & {
      previous_version: number;
    };
    PolicyVersionSummary: {
      version: number;
      /** @enum {string} */
      source: "file" | "api";
      comment: string;
      /** Format: date-time */
      created_at: string;
      created_by: components["schemas"]["PolicyAuthor"];
      rule_count: number;
    };
    PolicyVersionList: {
      versions: components["schemas"]["PolicyVersionSummary"][];
      /** @description The version in force (0 when there is none). */
      current: number;
    };
    ApprovalDecisionRequest: {
      reason?: string | null;
    };
    ApprovalDecision: {
      approval: components["schemas"]["Approval"];
      /** @description The approved statement's run, as the requester (approve only). */
      execution?: {
        http_status: number;
        request_id: string;
        /** @description The AskResult (or the error body) of the run. */
        body?: components["schemas"]["AskResult"] | components["schemas"]["ErrorBody"] | null;
      };
    };
    PolicyDecision: {
      rule: string;
      /** @description e.g. allow, deny, mask. */
      decision: string;
      reason?: string | null;
    };
    Security: {
      role: components["schemas"]["Role"];
      /** @description The store scope the query ran under. */
      store_ids: number[];
      views_used?: string[];
      masked_fields?: string[];
      policy?: components["schemas"]["PolicyDecision"][];
      /** @description The version of the policy the question was checked against (GET /api/policies); 0 when the copilot ran on its rules file because the database held no version. */
      policy_version?: number;
    };
    /** @description Milliseconds per stage (policy, rag_retrieval, planning, llm_generation, validation, risk, db_execution, narration, widgets) and total. */
    Timings: {
      policy?: number;
      rag_retrieval?: number;
      planning?: number;
      llm_generation?: number;
      validation?: number;
      risk?: number;
      db_execution?: number;
      narration?: number;
      widgets?: number;
      total?: number;
    } & {
      [key: string]: number;
    };
    /** @enum {string} */
    StageName:
      | "policy"
      | "rag_retrieval"
      | "planning"
      | "llm_generation"
      | "validation"
      | "risk"
      | "db_execution"
      | "narration"
      | "widgets"
      | "completed"
      | "failed";
    /** @description Data of an SSE `stage` event. */
    StageEvent: {
      stage: components["schemas"]["StageName"];
      /** @enum {string} */
      status: "ok" | "refused" | "failed" | "skipped" | "clarify" | "pending_approval";
      duration_ms?: number;
      details?: {
        [key: string]: unknown;
      };
    };
    Suggestions: {
      role: components["schemas"]["Role"];
      suggestions: string[];
    };
    OrgMemoryDraft: {
      /** @enum {string} */
      kind: "glossary" | "rule";
      text: string;
    };
    OrgMemoryEntry: {
      id: number;
      version: number;
      /** @enum {string} */
      kind: "glossary" | "rule";
      text: string;
      deleted: boolean;
      created_at: string;
      created_by: {
        user_id: number;
        username: string;
      };
      applied: {
        restriction?: string;
        /** @description A term the entry defines ("a premium film rents for 4.99": premium film = film that rents for 4.99). A question that uses the term is planned with the words it stands for, and every check after that applies to those words. */
        definition?: {
          term: string;
          meaning: string;
        };
        /** @description The month the organisation's fiscal year starts in ("our fiscal year starts in February"): "this fiscal year", "last fiscal year" and "fiscal Q1".."Q4" are read as those months. */
        fiscal_year_start_month?: number;
      } | null;
    };
    OrgMemoryList: {
      entries: components["schemas"]["OrgMemoryEntry"][];
    };
    OrgMemoryHistory: {
      id: number;
      versions: components["schemas"]["OrgMemoryEntry"][];
    };
    OrgMemoryNote: {
      id: number;
      version: number;
      kind: string;
      text: string;
      /** @enum {string} */
      used_as: "context" | "restriction" | "definition";
    };
    /** @enum {string} */
    PreferenceKey: "default_stores" | "money_without_cents" | "week_start";
    Preference: {
      key: components["schemas"]["PreferenceKey"];
      /** @description default_stores: store ids (within the user's stores); money_without_cents: boolean; week_start: "monday" | "sunday". */
      value: number[] | boolean | string;
      /** @description The preference in words ("figures for store 1 by default"). */
      description: string;
      /** @enum {string} */
      source: "api" | "question";
      updated_at: string;
    };
    PreferenceKind: {
      key: components["schemas"]["PreferenceKey"];
      /** @enum {string} */
      type: "store_ids" | "boolean" | "enum";
      label: string;
      description: string;
      values?: string[];
    };
    Preferences: {
      preferences: components["schemas"]["Preference"][];
      kinds: components["schemas"]["PreferenceKind"][];
    };
    /** @description {preferences: {key: value}}, or {key: value} at the top level. */
    PreferencesSetRequest: {
      preferences?: {
        default_stores?: number[];
        money_without_cents?: boolean;
        /** @enum {string} */
        week_start?: "monday" | "sunday";
      };
      default_stores?: number[];
      money_without_cents?: boolean;
      /** @enum {string} */
      week_start?: "monday" | "sunday";
    };
    PreferenceUsed: {
      key: components["schemas"]["PreferenceKey"];
      description: string;
      /** @description "Used your preference: …", as the "Why this answer" panel shows it. */
      text: string;
    };
    Catalog: {
      role: components["schemas"]["Role"];
      store_ids: number[];
      is_all_stores: boolean;
      metrics: components["schemas"]["CatalogMetric"][];
      dimensions: components["schemas"]["CatalogDimension"][];
      views: components["schemas"]["CatalogView"][];
    };
    CatalogMetric: {
      name: string;
      label: string;
      description: string;
      /** @enum {string} */
      format: "currency" | "number" | "percent";
      /** @description The relation the measure is computed from. */
      view: string;
      /** @description Questions the copilot answers with this measure. */
      examples: string[];
      /** @description Names of the dimensions this measure can be broken down by, for this role. */
      dimensions: string[];
    };
    CatalogDimension: {
      name: string;
      label: string;
      description: string;
      time: boolean;
    };
    CatalogView: {
      name: string;
      /** @enum {string} */
      kind: "scoped" | "reference";
      /** @description Only the columns the role's reader may SELECT. */
      columns: {
        name: string;
        type: string;
        masked: boolean;
      }[];
    };
    ConversationTurn: {
      request_id: string;
      question: string;
      status: string;
      answer: string | null;
      sql: string | null;
      /** Format: date-time */
      created_at: string;
    };
    Conversation: {
      conversation_id: string;
      turns: components["schemas"]["ConversationTurn"][];
    };
    AnswerExport: {
      request_id: string;
      source_request_id: string;
      /** @enum {string} */
      status: "ok";
      question?: string;
      sql: string;
      columns: {
        name: string;
        type: string;
        /** @description currency | number, when the column is a measure of the catalog. */
        format?: string;
      }[];
      rows: components["schemas"]["Cell"][][];
      row_count: number;
      truncated: boolean;
      security?: {
        role?: string;
        store_ids?: number[];
      };
    };
    SavedQuestion: {
      saved_id: number;
      title: string;
      question: string;
      source_request_id?: string | null;
      created_at: string;
      last_run_at: string | null;
      /** @enum {string|null} */
      last_status: "ok" | "needs_clarification" | "pending_approval" | "refused" | "failed" | null;
      last_request_id?: string | null;
    };
    FeedbackRequest: {
      request_id: string;
      /** @enum {string} */
      rating: "up" | "down";
      comment?: string;
    };
    FeedbackCreated: {
      feedback_id: number | string;
    };
    AuditEvent: {
      stage: string;
      status: string;
      duration_ms: number;
      details?: {
        [key: string]: unknown;
      } | null;
      /** Format: date-time */
      created_at: string;
    };
    AuditItem: {
      request_id: string;
      conversation_id?: string | null;
      username: string | null;
      role: string | null;
      store_ids?: number[] | null;
      question: string | null;
      status: string;
      error_stage?: string | null;
      sql?: string | null;
      total_ms?: number | null;
      /** @description Which service wrote the final outcome (copilot, or gateway for requests it refused or failed). */
      source?: string | null;
      /** @description The HTTP status the caller got, when it was not 200. */
      http_status?: number | null;
      /** @description The error code the caller got (see ErrorCode), when there was one. */
      error_code?: string | null;
      /** @description What the caller sent as X-Request-Id, recorded only: request ids are the gateway's own (the response's X-Request-Id), never taken from a client. */
      client_request_id?: string | null;
      /** Format: date-time */
      created_at: string;
      events: components["schemas"]["AuditEvent"][];
    };
    AuditPage: {
      items: components["schemas"]["AuditItem"][];
      total: number;
      limit: number;
      offset: number;
    };
    Health: {
      /** @constant */
      status: "ok";
      /** @enum {string} */
      copilot: "ok" | "down";
    };
    /** @enum {string} */
    ReviewKind: "thumbs_down" | "declined" | "low_confidence";
    ReviewAsker: {
      user_id: number | null;
      username: string | null;
      role: string | null;
      store_ids: number[];
    };
    ReviewVerdict: {
      review_id: number;
      /** @enum {string} */
      verdict: "right" | "wrong";
      corrected_sql?: string | null;
      correction_row_count?: number | null;
      correction_role?: string | null;
      correction_store_ids?: number[] | null;
      note?: string | null;
      reviewed_by: string;
      reviewed_at: string;
    };
    ReviewRows: {
      /** @constant */
      source: "re-run";
      limit: number;
      note?: string;
      as?: {
        role?: string;
        store_ids?: number[];
      };
      accepted?: boolean;
      reason?: string;
      columns?: components["schemas"]["Column"][];
      rows?: components["schemas"]["Cell"][][];
      row_count?: number;
      truncated?: boolean;
      check_request_id?: string;
    };
    ReviewItem: {
      id: string;
      request_id: string;
      kinds: components["schemas"]["ReviewKind"][];
      created_at: string;
      asker: components["schemas"]["ReviewAsker"];
      question: string;
      status: string;
      intent?: string | null;
      semantic_query?: unknown;
      not_understood?: string[];
      risk_level?: string | null;
      sql: string;
      row_count?: number | null;
      path?: string | null;
      error_code?: string | null;
      error_message?: string | null;
      rating?: string | null;
      comment?: string | null;
      review?: components["schemas"]["ReviewVerdict"] | null;
      rows?: components["schemas"]["ReviewRows"];
    };
    ReviewPage: {
      items: components["schemas"]["ReviewItem"][];
      status: string;
      kind: string;
    };
    ReviewRequest: {
      /** @enum {string} */
      verdict: "right" | "wrong";
      corrected_sql?: string | null;
      note?: string | null;
    };
    ReviewSaved: {
      request_id: string;
      review: components["schemas"]["ReviewVerdict"];
      check?: {
        check_request_id?: string;
        row_count?: number;
        sql?: string;
      } | null;
    };
    QualityGroup: {
      key: string;
      asks: number;
      declined: number;
      decline_rate?: number | null;
      thumbs_up: number;
      thumbs_down: number;
      thumbs_ratio?: number | null;
      reviewed: number;
      right: number;
      wrong: number;
      accuracy?: number | null;
    };
    ReviewStats: {
      accuracy?: {
        reviewed?: number;
        right?: number;
        wrong?: number;
        rate?: number | null;
      };
      totals?: components["schemas"]["QualityGroup"];
      by_week: components["schemas"]["QualityGroup"][];
      by_role: components["schemas"]["QualityGroup"][];
      by_intent: components["schemas"]["QualityGroup"][];
    };
    EvalCorrection: {
      request_id: string;
      question: string;
      asker: components["schemas"]["ReviewAsker"];
      intent?: string | null;
      /** @enum {string} */
      verdict: "right" | "wrong";
      /** @enum {string} */
      source: "corrected" | "original";
      reviewed_sql: string;
      correction_row_count?: number | null;
      note?: string | null;
      reviewed_by?: string;
      reviewed_at?: string;
      gold?: {
        columns?: components["schemas"]["Column"][];
        rows?: components["schemas"]["Cell"][][];
      } | null;
      gold_note?: string;
    };
    EvalCorrections: {
      corrections: components["schemas"]["EvalCorrection"][];
    };
  };
  responses: {
    /** @description Malformed request (bad JSON, missing body). */
    BadRequest: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description No token, or an invalid or expired one. */
    Unauthorized: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /**
     * @description `scope_denied` (a store outside the caller's scope), `policy_denied` (refused by policy
     *     or the SQL guardrail; carries `reason` and `suggestion`) or `forbidden` (e.g. a non-admin
     *     on an admin route, or a body `role` that disagrees with the token).
     */
    Forbidden: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The resource is not in a state that allows this (e.g. an approval already decided or expired; a policy saved on a version that is no longer in force: `current_version`). */
    Conflict: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description Not found (or not the caller's). */
    NotFound: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description Body over the size limit. */
    PayloadTooLarge: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description Body is not application/json. */
    UnsupportedMediaType: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description A field is missing, of the wrong type or out of range (`field` names it). */
    InvalidField: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description Rate-limited; `retry_after_s` and `Retry-After` say when to try again. */
    RateLimited: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        "Retry-After": components["headers"]["Retry-After"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description A known path asked with another method (`Allow` lists the methods it takes). */
    MethodNotAllowed: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        Allow?: string;
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The copilot or the model answered with an error. */
    UpstreamError: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The copilot or the model is down. */
    UpstreamUnavailable: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The copilot or the model timed out. */
    UpstreamTimeout: {
      headers: {
        "X-Request-Id": components["headers"]["X-Request-Id"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
  };
  parameters: {
    /** @description The approval's id (a positive integer; anything else is 404). */
    ApprovalId: string;
  };
  requestBodies: never;
  headers: {
    /** @description The request's id, minted by the gateway for every request, also in error bodies and the audit trail. A caller's own X-Request-Id is never used as it; it is recorded as the audit row's client_request_id. */
    "X-Request-Id": string;
    /** @description Seconds until the caller may try again. */
    "Retry-After": number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["LoginRequest"];
      };
    };
    responses: {
      /** @description Signed in. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["LoginResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      /** @description Bad credentials (the same message for an unknown user and a wrong password). */
      401: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description Password sign-in is switched off (PASSWORD_LOGIN=false; `password_login_disabled`). */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
      429: components["responses"]["RateLimited"];
    };
  };
  authConfig: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The sign-in methods this gateway accepts. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AuthConfig"];
        };
      };
    };
  };
  oidcStart: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Where to send the browser. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OidcStart"];
        };
      };
      404: components["responses"]["NotFound"];
      /** @description The provider's discovery document cannot be read. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
    };
  };
  oidcCallback: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["OidcCallback"];
      };
    };
    responses: {
      /** @description Signed in. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["LoginResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      /** @description Refused (`sign_in_refused`, with `reason`). */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description Refused because the account is not set up (`unmapped`) or disabled. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: components["responses"]["NotFound"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
      429: components["responses"]["RateLimited"];
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Signed out. */
      204: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components["responses"]["Unauthorized"];
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The token's claims. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["User"];
        };
      };
      401: components["responses"]["Unauthorized"];
    };
  };
  ask: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AskRequest"];
      };
    };
    responses: {
      /** @description The answer (or a request for clarification). */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AskResult"];
          "text/event-stream": string;
        };
      };
      /** @description The statement's risk is high for the caller's role: it is held in the approval queue and runs for the caller (in their conversation) once an approver approves it. */
      202: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PendingApproval"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
      429: components["responses"]["RateLimited"];
      502: components["responses"]["UpstreamError"];
      503: components["responses"]["UpstreamUnavailable"];
      504: components["responses"]["UpstreamTimeout"];
    };
  };
  getSuggestions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Suggestions. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Suggestions"];
        };
      };
      401: components["responses"]["Unauthorized"];
    };
  };
  getCatalog: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller's catalog. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Catalog"];
        };
      };
      401: components["responses"]["Unauthorized"];
      405: components["responses"]["MethodNotAllowed"];
      502: components["responses"]["UpstreamError"];
      503: components["responses"]["UpstreamUnavailable"];
      504: components["responses"]["UpstreamTimeout"];
    };
  };
  getPreferences: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller's preferences and the kinds on offer. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Preferences"];
        };
      };
      401: components["responses"]["Unauthorized"];
      405: components["responses"]["MethodNotAllowed"];
    };
  };
  setPreferences: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PreferencesSetRequest"];
      };
    };
    responses: {
      /** @description Saved; the caller's preferences now. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Preferences"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  deleteAllPreferences: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; the caller's preferences now (none). */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Preferences"];
        };
      };
      401: components["responses"]["Unauthorized"];
    };
  };
  deletePreference: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: components["schemas"]["PreferenceKey"];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; the caller's preferences now. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Preferences"];
        };
      };
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
      405: components["responses"]["MethodNotAllowed"];
    };
  };
  listOrgMemory: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entries in force. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrgMemoryList"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      405: components["responses"]["MethodNotAllowed"];
    };
  };
  addOrgMemory: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["OrgMemoryDraft"];
      };
    };
    responses: {
      /** @description Added. */
      201: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrgMemoryEntry"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  getOrgMemoryVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entry's versions, oldest first. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrgMemoryHistory"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
  changeOrgMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["OrgMemoryDraft"];
      };
    };
    responses: {
      /** @description The new version; audited with the version before and after. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrgMemoryEntry"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  deleteOrgMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deleting version; the entry is no longer used. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OrgMemoryEntry"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
  listReview: {
    parameters: {
      query?: {
        status?: "open" | "reviewed";
        kind?: components["schemas"]["ReviewKind"];
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The items. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ReviewPage"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      422: components["responses"]["InvalidField"];
    };
  };
  reviewStats: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The figures. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ReviewStats"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
    };
  };
  getReviewItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The asked request's id. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The item. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ReviewItem"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
  reviewItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The asked request's id. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ReviewRequest"];
      };
    };
    responses: {
      /** @description Saved. */
      201: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ReviewSaved"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  evalCorrections: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cases. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EvalCorrections"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
    };
  };
  evalExport: {
    parameters: {
      query?: {
        /** @description Asked at or after this time (ISO 8601). */
        since?: string;
        /** @description Asked before this time (ISO 8601). */
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The records. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/x-ndjson": string;
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      422: components["responses"]["InvalidField"];
    };
  };
  getConversation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The conversation. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Conversation"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
    };
  };
  getConversationReport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/html": string;
        };
      };
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
    };
  };
  exportAnswer: {
    parameters: {
      query: {
        format: "csv" | "xlsx" | "json";
      };
      header?: never;
      path: {
        request_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file (Content-Disposition attachment with a safe file name), or JSON rows. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "text/csv": string;
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
          "application/json": components["schemas"]["AnswerExport"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
  listSaved: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The board, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            saved: components["schemas"]["SavedQuestion"][];
            max_items: number;
          };
        };
      };
      401: components["responses"]["Unauthorized"];
    };
  };
  addSaved: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          request_id?: string;
          question?: string;
          title?: string;
        };
      };
    };
    responses: {
      /** @description Saved. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SavedQuestion"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      422: components["responses"]["InvalidField"];
    };
  };
  deleteSaved: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            deleted: number;
          };
        };
      };
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
    };
  };
  runSaved: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The item with its last run, and the answer (the /api/ask body). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            saved: components["schemas"]["SavedQuestion"];
            result: components["schemas"]["AskResult"];
          };
        };
      };
      /** @description The statement is held for approval (result is the pending_approval body). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      429: components["responses"]["RateLimited"];
    };
  };
  postFeedback: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["FeedbackRequest"];
      };
    };
    responses: {
      /** @description Recorded. */
      201: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["FeedbackCreated"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
      429: components["responses"]["RateLimited"];
    };
  };
  getAudit: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        /** @description Final status of the request, e.g. ok, needs_clarification, refused, failed. */
        status?: string;
        /** @description Username. */
        user?: string;
        since?: string;
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of audit logs, newest first. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AuditPage"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      422: components["responses"]["InvalidField"];
    };
  };
  listApprovals: {
    parameters: {
      query?: {
        status?: "pending" | "approved" | "rejected" | "expired";
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The requests with that status. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ApprovalPage"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      422: components["responses"]["InvalidField"];
    };
  };
  getApproval: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The approval's id (a positive integer; anything else is 404). */
        id: components["parameters"]["ApprovalId"];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The request. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Approval"];
        };
      };
      401: components["responses"]["Unauthorized"];
      404: components["responses"]["NotFound"];
    };
  };
  approveApproval: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The approval's id (a positive integer; anything else is 404). */
        id: components["parameters"]["ApprovalId"];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["ApprovalDecisionRequest"];
      };
    };
    responses: {
      /** @description Approved, and the statement's run. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ApprovalDecision"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  rejectApproval: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The approval's id (a positive integer; anything else is 404). */
        id: components["parameters"]["ApprovalId"];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": components["schemas"]["ApprovalDecisionRequest"];
      };
    };
    responses: {
      /** @description Rejected. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ApprovalDecision"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  getPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The version in force. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PolicyVersion"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
  savePolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PolicySaveRequest"];
      };
    };
    responses: {
      /** @description Saved; the new version is in force within 5 s. */
      201: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PolicySaved"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
    };
  };
  listPolicyVersions: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The newest versions. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PolicyVersionList"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      422: components["responses"]["InvalidField"];
    };
  };
  getPolicyVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The version number (a positive integer; anything else is 404). */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The version. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PolicyVersion"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The gateway answers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Health"];
        };
      };
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text exposition format. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/plain": string;
        };
      };
      403: components["responses"]["Forbidden"];
    };
  };
  listDocuments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The documents in use. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DocumentList"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      405: components["responses"]["MethodNotAllowed"];
    };
  };
  uploadDocument: {
    parameters: {
      query: {
        title: string;
        /** @description Who may retrieve it, comma-separated (e.g. `store_manager,marketing`). */
        roles: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "text/markdown": string;
        "text/plain": string;
        "application/pdf": string;
      };
    };
    responses: {
      /** @description Stored; `replaced` is the version it retired (null for a new title). */
      201: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DocumentAdded"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["InvalidField"];
      502: components["responses"]["UpstreamError"];
      503: components["responses"]["UpstreamUnavailable"];
    };
  };
  deleteDocument: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The retired version. */
      200: {
        headers: {
          "X-Request-Id": components["headers"]["X-Request-Id"];
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
    };
  };
}
