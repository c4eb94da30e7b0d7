"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useUser } from "@/components/session/UserContext";
import { askStreaming } from "@/lib/api/ask";
import { ApiFailure, api, redirectToLogin } from "@/lib/api/client";
import type { AskRequest, PendingApproval } from "@/lib/api/types";
import { roleLabel, storesLabel } from "@/lib/format";
import { QuestionForm } from "./QuestionForm";
import { TurnView, type Turn } from "./TurnView";

// Pagila has two stores; an all-stores user whose token lists none gets these to pick from.
const ALL_STORES = [1, 2];

export function Workspace({ initialQuestion }: { initialQuestion?: string } = {}) {
  const user = useUser();
  const stores = user.store_ids.length > 0 ? user.store_ids : user.is_all_stores ? ALL_STORES : [];
  const [storeId, setStoreId] = useState<number | null>(null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [turns, setTurns] = useState<Turn[]>([]);
  const busy = turns.some((t) => t.phase === "streaming");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const threadEnd = useRef<HTMLDivElement>(null);
  const controller = useRef<AbortController | null>(null);
  const counter = useRef(0);

  useEffect(() => {
    let live = true;
    api
      .GET("/api/suggestions")
      .then(({ data, response }) => {
        if (response.status === 401) redirectToLogin();
        if (live && data) setSuggestions(data.suggestions);
      })
      .catch(() => null);
    return () => {
      live = false;
      controller.current?.abort();
    };
  }, []);

  const turnCount = turns.length;
  useEffect(() => {
    if (turnCount > 0) threadEnd.current?.scrollIntoView({ behavior: "smooth", block: "end" });
  }, [turnCount]);

  const update = useCallback((key: string, change: (turn: Turn) => Turn) => {
    setTurns((all) => all.map((t) => (t.key === key ? change(t) : t)));
  }, []);

  // A question held for approval: its answer lands in this conversation once an approver
  // approves it, so the conversation is read again every few seconds until it is there.
  const waiting = turns.filter(
    (t) => t.phase === "pending" && t.pending && !t.approved && !t.declined,
  );
  const waitingKey = waiting.map((t) => t.key).join(",");
  useEffect(() => {
    if (!waitingKey || !conversationId) return;
    let live = true;
    const poll = async () => {
      const { data, response } = await api
        .GET("/api/conversations/{id}", { params: { path: { id: conversationId } } })
        .catch(() => ({ data: undefined, response: undefined }));
      if (response?.status === 401) redirectToLogin();
      if (!live || !data) return;
      for (const turn of waiting) {
        const pending = turn.pending;
        if (!pending) continue;
        const heldAt = data.turns.findIndex((c) => c.request_id === pending.request_id);
        const ran = data.turns
          .slice(heldAt + 1)
          .find((c) => c.question === turn.question && c.status !== "pending_approval");
        if (heldAt >= 0 && ran) {
          const approved = { status: ran.status, answer: ran.answer ?? "", sql: ran.sql ?? "" };
          update(turn.key, (t) => ({ ...t, phase: "done", approved }));
          continue;
        }
        // Rejected or expired: it will never run, so say so instead of waiting forever.
        const held = await api
          .GET("/api/approvals/{id}", { params: { path: { id: String(pending.approval_id) } } })
          .catch(() => ({ data: undefined }));
        const status = held.data?.status;
        if (live && held.data && (status === "rejected" || status === "expired")) {
          const declined = {
            status,
            reason: held.data.reason ?? null,
            by: held.data.decided_by ?? null,
          } as const;
          update(turn.key, (t) => ({ ...t, phase: "done", declined }));
        }
      }
    };
    const timer = setInterval(() => void poll(), 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `waiting` is keyed by waitingKey
  }, [waitingKey, conversationId, update]);

  const ask = useCallback(
    async (question: string) => {
      if (busy) return;
      counter.current += 1;
      const key = `turn-${counter.current}`;
      setTurns((all) => [...all, { key, question, storeId, stages: [], phase: "streaming" }]);
      const request: AskRequest = { question };
      if (storeId !== null) request.store_id = storeId;
      if (conversationId) request.conversation_id = conversationId;

      controller.current = new AbortController();
      try {
        const result = await askStreaming(
          request,
          { onStage: (stage) => update(key, (t) => ({ ...t, stages: [...t.stages, stage] })) },
          controller.current.signal,
        );
        setConversationId(result.conversation_id);
        if ((result as { status: string }).status === "pending_approval") {
          const pending = result as unknown as PendingApproval;
          update(key, (t) => ({ ...t, phase: "pending", pending }));
        } else {
          update(key, (t) => ({ ...t, phase: "done", result }));
        }
      } catch (error) {
        if (controller.current?.signal.aborted) return;
        if (error instanceof ApiFailure) {
          if (error.status === 401) {
            redirectToLogin();
            return;
          }
          const failure = { status: error.status, error: error.error };
          update(key, (t) => ({ ...t, phase: "error", failure }));
        } else {
          const failure = {
            status: 502,
            error: {
              code: "upstream_error" as const,
              message: "The answer could not be read.",
              request_id: "",
            },
          };
          update(key, (t) => ({ ...t, phase: "error", failure }));
        }
      } finally {
        inputRef.current?.focus({ preventScroll: true });
      }
    },
    [busy, storeId, conversationId, update],
  );

  // A question handed over in the address (?q=, from the catalog page): asked once, then
  // dropped from the address so that a reload does not ask it again.
  const handedOver = useRef(false);
  useEffect(() => {
    if (!initialQuestion || handedOver.current) return;
    handedOver.current = true;
    window.history.replaceState(null, "", "/analytics");
    void ask(initialQuestion);
  }, [initialQuestion, ask]);

  function newConversation() {
    controller.current?.abort();
    setTurns([]);
    setConversationId(null);
    inputRef.current?.focus();
  }

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Ask your data</h1>
          <p className="page__sub">
            {roleLabel(user.role)} · {storesLabel(user.store_ids, user.is_all_stores)}. Answers only
            use the data your role may see.
          </p>
        </div>
      </div>
      <QuestionForm
        stores={stores}
        allLabel={
          user.is_all_stores ? "All stores" : stores.length > 1 ? "All my stores" : "My store"
        }
        storeId={storeId}
        onStoreChange={setStoreId}
        suggestions={suggestions}
        busy={busy}
        following={conversationId !== null}
        onAsk={ask}
        inputRef={inputRef}
      />
      {turns.length > 0 && (
        <>
          <div className="conversation-bar" style={{ marginTop: "var(--s4)" }}>
            <span data-testid="conversation-id" data-conversation-id={conversationId ?? ""}>
              {conversationId ? "Conversation — follow-ups use the answers above" : ""}
            </span>
            {conversationId && (
              <a
                className="button button--ghost button--small"
                href={`/api/conversations/${encodeURIComponent(conversationId)}/report`}
                target="_blank"
                rel="noopener"
                data-testid="download-report"
              >
                Download report
              </a>
            )}
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={newConversation}
            >
              New conversation
            </button>
          </div>
          <ol className="thread" aria-label="Conversation">
            {turns.map((turn, index) => (
              <TurnView
                key={turn.key}
                turn={turn}
                latest={index === turns.length - 1}
                onAsk={ask}
              />
            ))}
          </ol>
          <div ref={threadEnd} />
        </>
      )}
      {turns.length === 0 && (
        <div className="empty">
          Ask about revenue, rentals, films or customers — or pick a suggestion above.
        </div>
      )}
    </>
  );
}
