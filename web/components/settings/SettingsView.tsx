"use client";

import { useCallback, useEffect, useState } from "react";
import { api, redirectToLogin } from "@/lib/api/client";
import type { Preference, PreferenceKey, Preferences } from "@/lib/api/types";
import { useUser } from "@/components/session/UserContext";

type Draft = {
  stores: number[];
  cents: "with" | "without";
  week: "monday" | "sunday";
};

function valueOf(prefs: Preference[], key: PreferenceKey): Preference["value"] | undefined {
  return prefs.find((p) => p.key === key)?.value;
}

// Settings: the preferences the copilot remembers for the signed-in user — listed, set and
// deleted. The gateway validates every value (stores only within the user's own).
export function SettingsView() {
  const user = useUser();
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Draft>({
    stores: user.store_ids.slice(0, 1),
    cents: "without",
    week: "sunday",
  });

  const accept = useCallback((data: Preferences) => {
    setPrefs(data);
    const stores = valueOf(data.preferences, "default_stores");
    const cents = valueOf(data.preferences, "money_without_cents");
    const week = valueOf(data.preferences, "week_start");
    setDraft((d) => ({
      stores: Array.isArray(stores) ? stores : d.stores,
      cents: cents === false ? "with" : "without",
      week: week === "monday" ? "monday" : "sunday",
    }));
  }, []);

  const load = useCallback(async () => {
    try {
      const { data, error: failure, response } = await api.GET("/api/me/preferences");
      if (response.status === 401) redirectToLogin();
      if (data) {
        accept(data);
        setError(null);
      } else {
        setError(failure?.error.message ?? `Preferences could not be loaded (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    }
  }, [accept]);

  useEffect(() => {
    // Loading is an effect of opening the page: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function save(key: PreferenceKey) {
    const value =
      key === "default_stores"
        ? draft.stores
        : key === "week_start"
          ? draft.week
          : draft.cents === "without";
    setBusy(true);
    setNotice(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = await api.PUT("/api/me/preferences", {
        body: { preferences: { [key]: value } },
      });
      if (response.status === 401) redirectToLogin();
      if (data) {
        accept(data);
        setError(null);
        setNotice("Saved.");
      } else {
        setError(failure?.error.message ?? `Not saved (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    } finally {
      setBusy(false);
    }
  }

  async function remove(key: PreferenceKey | null) {
    setBusy(true);
    setNotice(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = key
        ? await api.DELETE("/api/me/preferences/{key}", { params: { path: { key } } })
        : await api.DELETE("/api/me/preferences");
      if (response.status === 401) redirectToLogin();
      if (data) {
        accept(data);
        setError(null);
        setNotice("Deleted.");
      } else {
        setError(failure?.error.message ?? `Not deleted (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Settings</h1>
          <p className="page__sub">
            What the copilot remembers for you. You can also say it in a question — &ldquo;show
            money without cents&rdquo;, &ldquo;my weeks start on Sunday&rdquo;, &ldquo;forget my
            store preference&rdquo;. A preference can only narrow what you see, never widen it.
          </p>
        </div>
      </div>

      {error && (
        <div className="alert alert--danger" role="alert" data-testid="settings-error">
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}
      {notice && (
        <p className="muted" role="status" data-testid="settings-notice">
          {notice}
        </p>
      )}

      <section aria-labelledby="settings-current">
        <h2 id="settings-current">Your preferences</h2>
        {!prefs ? (
          <p className="muted">Loading your preferences…</p>
        ) : prefs.preferences.length === 0 ? (
          <p className="muted" data-testid="settings-empty">
            No preferences yet: answers use your full scope, money with cents and weeks from Monday.
          </p>
        ) : (
          <ul className="plain-list" data-testid="settings-list">
            {prefs.preferences.map((p) => (
              <li key={p.key} className="card" data-testid="preference" data-key={p.key}>
                <span>{p.description}</span>{" "}
                <span className="muted">
                  ({p.source === "question" ? "said in a question" : "set here"})
                </span>{" "}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => void remove(p.key)}
                  disabled={busy}
                  aria-label={`Delete the preference: ${p.description}`}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
        {prefs && prefs.preferences.length > 1 && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void remove(null)}
            disabled={busy}
          >
            Delete all
          </button>
        )}
      </section>

      <section aria-labelledby="settings-add">
        <h2 id="settings-add">Add or change</h2>
        <fieldset className="card" style={{ marginBottom: "var(--s3)" }}>
          <legend>Default stores</legend>
          <p className="muted">Answer for these stores when a question names none.</p>
          {user.store_ids.map((id) => (
            <label key={id} style={{ marginRight: "var(--s3)" }}>
              <input
                type="checkbox"
                checked={draft.stores.includes(id)}
                onChange={(e) =>
                  setDraft((d) => ({
                    ...d,
                    stores: e.target.checked
                      ? [...d.stores, id].sort((a, b) => a - b)
                      : d.stores.filter((s) => s !== id),
                  }))
                }
              />{" "}
              Store {id}
            </label>
          ))}
          <button
            type="button"
            className="button button--small"
            onClick={() => void save("default_stores")}
            disabled={busy || draft.stores.length === 0}
          >
            Save default stores
          </button>
        </fieldset>
        <fieldset className="card" style={{ marginBottom: "var(--s3)" }}>
          <legend>Money</legend>
          <label style={{ marginRight: "var(--s3)" }}>
            <input
              type="radio"
              name="cents"
              checked={draft.cents === "without"}
              onChange={() => setDraft((d) => ({ ...d, cents: "without" }))}
            />{" "}
            Without cents
          </label>
          <label style={{ marginRight: "var(--s3)" }}>
            <input
              type="radio"
              name="cents"
              checked={draft.cents === "with"}
              onChange={() => setDraft((d) => ({ ...d, cents: "with" }))}
            />{" "}
            With cents
          </label>
          <button
            type="button"
            className="button button--small"
            onClick={() => void save("money_without_cents")}
            disabled={busy}
          >
            Save money format
          </button>
        </fieldset>
        <fieldset className="card">
          <legend>Week starts on</legend>
          <label style={{ marginRight: "var(--s3)" }}>
            <input
              type="radio"
              name="week"
              checked={draft.week === "monday"}
              onChange={() => setDraft((d) => ({ ...d, week: "monday" }))}
            />{" "}
            Monday
          </label>
          <label style={{ marginRight: "var(--s3)" }}>
            <input
              type="radio"
              name="week"
              checked={draft.week === "sunday"}
              onChange={() => setDraft((d) => ({ ...d, week: "sunday" }))}
            />{" "}
            Sunday
          </label>
          <button
            type="button"
            className="button button--small"
            onClick={() => void save("week_start")}
            disabled={busy}
          >
            Save week start
          </button>
        </fieldset>
      </section>
    </>
  );
}
