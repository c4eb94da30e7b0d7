"use client";

import { useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";

interface Props {
  stores: number[];
  /** Label of the "no single store" choice ("All stores" for all-stores users). */
  allLabel: string;
  storeId: number | null;
  onStoreChange: (storeId: number | null) => void;
  suggestions: string[];
  busy: boolean;
  following: boolean;
  onAsk: (question: string) => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

export function QuestionForm(props: Props) {
  const {
    stores,
    allLabel,
    storeId,
    onStoreChange,
    suggestions,
    busy,
    following,
    onAsk,
    inputRef,
  } = props;
  const [question, setQuestion] = useState("");

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = question.trim();
    if (!text || busy) return;
    onAsk(text);
    setQuestion("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className="card ask-form" onSubmit={submit} aria-label="Ask a question">
      <div className="ask-form__row">
        <div className="field">
          <label htmlFor="question">{following ? "Ask a follow-up" : "Your question"}</label>
          <textarea
            id="question"
            ref={inputRef}
            className="textarea"
            rows={2}
            maxLength={2000}
            placeholder="e.g. What is the total revenue?"
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            onKeyDown={onKeyDown}
            aria-describedby="question-hint"
          />
          <span id="question-hint" className="visually-hidden">
            Press Enter to ask, Shift+Enter for a new line.
          </span>
        </div>
        <div className="field">
          <label htmlFor="store">Store</label>
          <select
            id="store"
            className="select"
            value={storeId === null ? "" : String(storeId)}
            onChange={(e) => onStoreChange(e.target.value === "" ? null : Number(e.target.value))}
          >
            <option value="">{allLabel}</option>
            {stores.map((id) => (
              <option key={id} value={String(id)}>
                Store {id}
              </option>
            ))}
          </select>
        </div>
        <button className="button" type="submit" disabled={busy || !question.trim()}>
          {busy ? "Working…" : "Ask"}
        </button>
      </div>
      {suggestions.length > 0 && (
        <div className="ask-form__suggestions">
          <span className="ask-form__suggestions-label" id="suggestions-label">
            Suggested for your role
          </span>
          <ul className="chip-list" aria-labelledby="suggestions-label" data-testid="suggestions">
            {suggestions.map((s) => (
              <li key={s}>
                <button type="button" className="chip" disabled={busy} onClick={() => onAsk(s)}>
                  {s}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
