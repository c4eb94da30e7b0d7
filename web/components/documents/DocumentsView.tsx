"use client";

import { useCallback, useEffect, useState } from "react";
import { api, redirectToLogin } from "@/lib/api/client";
import type { DocumentInfo } from "@/lib/api/types";

const ROLES = [
  { value: "admin", label: "Admins" },
  { value: "store_manager", label: "Store managers" },
  { value: "marketing", label: "Marketing" },
  { value: "finance", label: "Finance" },
] as const;

// What the gateway calls a file: by its own type, else by its name's ending.
function typeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith(".md") || name.endsWith(".markdown")) return "text/markdown";
  if (name.endsWith(".pdf")) return "application/pdf";
  if (name.endsWith(".txt")) return "text/plain";
  return file.type || "application/octet-stream";
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// The organisation's documents, for admins: listed, uploaded (a title again is a new version),
// deleted. The copilot cites their passages to the roles each is tagged with; a document only
// informs answers, it never grants access.
export function DocumentsView() {
  const [documents, setDocuments] = useState<DocumentInfo[] | null>(null);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [roles, setRoles] = useState<string[]>(["admin"]);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const { data, error: failure, response } = await api.GET("/api/documents");
      if (response.status === 401) redirectToLogin();
      if (data) {
        setDocuments(data.documents);
        setMaxBytes(data.max_bytes);
        setError(null);
      } else {
        setError(
          failure?.error.message ?? `The documents could not be loaded (${response.status}).`,
        );
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    }
  }, []);

  useEffect(() => {
    // Loading is an effect of opening the page: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  function toggleRole(role: string, on: boolean) {
    setRoles((current) => (on ? [...current, role] : current.filter((r) => r !== role)));
  }

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    const form = event.currentTarget;
    setBusy(true);
    setNotice(null);
    try {
      const query = new URLSearchParams({ title: title.trim(), roles: roles.join(",") });
      const response = await fetch(`/api/documents?${query.toString()}`, {
        method: "POST",
        headers: { "Content-Type": typeOf(file) },
        body: file,
      });
      if (response.status === 401) redirectToLogin();
      const body = (await response.json().catch(() => null)) as
        (DocumentInfo & { error?: undefined }) | { error: { message: string } } | null;
      if (response.status === 201 && body && !body.error) {
        setNotice(`Added "${body.title}", version ${body.version} (${body.chunks} passages).`);
        setTitle("");
        setFile(null);
        form.reset();
        setError(null);
        await load();
      } else {
        setError(body?.error?.message ?? `Not added (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    } finally {
      setBusy(false);
    }
  }

  async function remove(doc: DocumentInfo) {
    setBusy(true);
    setNotice(null);
    try {
      const { error: failure, response } = await api.DELETE("/api/documents/{id}", {
        params: { path: { id: doc.id } },
      });
      if (response.status === 401) redirectToLogin();
      if (response.ok) {
        setNotice(`Deleted "${doc.title}".`);
        await load();
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
          <h1>Documents</h1>
          <p className="page__sub">
            Markdown, plain text or PDF your organisation adds to what the copilot knows. Each is
            cut into passages; the copilot retrieves those near a question for the roles you choose
            and cites them in &ldquo;Why this answer&rdquo;. A document only informs answers: it
            never gives anyone access to data. Uploading a title again makes a new version.
          </p>
        </div>
      </div>
      {error && (
        <div className="alert alert--danger" role="alert" data-testid="documents-error">
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}
      {notice && (
        <p className="muted" role="status" data-testid="documents-notice">
          {notice}
        </p>
      )}
      <section aria-labelledby="documents-current">
        <h2 id="documents-current">In use</h2>
        {!documents ? (
          <p className="muted">Loading…</p>
        ) : documents.length === 0 ? (
          <p className="muted" data-testid="documents-empty">
            No documents yet.
          </p>
        ) : (
          <ul className="plain-list" data-testid="documents-list">
            {documents.map((doc) => (
              <li key={doc.id} className="card" data-testid="document" data-id={doc.id}>
                <span className="badge">{doc.kind}</span> <strong>{doc.title}</strong>{" "}
                <span className="muted">
                  (version {doc.version}, {doc.chunks} passages, {size(doc.size_bytes)}, for{" "}
                  {doc.roles.join(", ")}; {doc.created_by.username})
                </span>{" "}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => void remove(doc)}
                  disabled={busy}
                  aria-label={`Delete: ${doc.title}`}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="documents-add">
        <h2 id="documents-add">Upload</h2>
        <form onSubmit={(e) => void upload(e)} className="card">
          <div className="field">
            <label htmlFor="document-title">Title</label>
            <input
              id="document-title"
              className="input"
              type="text"
              maxLength={200}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="document-file">
              File (Markdown, text or PDF{maxBytes ? `, at most ${size(maxBytes)}` : ""})
            </label>
            <input
              id="document-file"
              type="file"
              accept=".md,.markdown,.txt,.pdf,text/markdown,text/plain,application/pdf"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <fieldset className="field">
            <legend>Who may retrieve it</legend>
            {ROLES.map((role) => (
              <label key={role.value} style={{ marginRight: "var(--s3)" }}>
                <input
                  type="checkbox"
                  checked={roles.includes(role.value)}
                  onChange={(e) => toggleRole(role.value, e.target.checked)}
                />{" "}
                {role.label}
              </label>
            ))}
          </fieldset>
          <button
            type="submit"
            className="button"
            disabled={busy || !file || title.trim() === "" || roles.length === 0}
          >
            Upload document
          </button>
        </form>
      </section>
    </>
  );
}
