"use client";

import { useState } from "react";
import { tokenizeSql } from "@/lib/sql-highlight";

export function SqlPanel({ sql }: { sql: string }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(sql);
    } catch {
      // Clipboard API refused (insecure context): fall back to a hidden textarea.
      const area = document.createElement("textarea");
      area.value = sql;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }

  return (
    <div className="sql">
      <pre data-testid="sql">
        <code>
          {tokenizeSql(sql).map((token, i) =>
            token.kind === "plain" ? (
              token.text
            ) : (
              <span key={i} className={`tok-${token.kind}`}>
                {token.text}
              </span>
            ),
          )}
        </code>
      </pre>
      <button
        type="button"
        className="button button--secondary button--small sql__copy"
        onClick={copy}
        aria-label="Copy SQL"
      >
        {copied ? "Copied" : "Copy"}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {copied ? "SQL copied to the clipboard" : ""}
      </span>
    </div>
  );
}
