"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { api, redirectToLogin } from "@/lib/api/client";
import type { Catalog, CatalogView as CatalogRelation } from "@/lib/api/types";
import { roleLabel, storesLabel } from "@/lib/format";

/** The workspace with `question` asked on arrival (see the analytics page). */
function askHref(question: string): string {
  return `/analytics?q=${encodeURIComponent(question)}`;
}

function Columns({ view }: { view: CatalogRelation }) {
  return (
    <ul className="chip-list" aria-label={`Columns of ${view.name}`}>
      {view.columns.map((column) => (
        <li
          key={column.name}
          className={column.masked ? "badge badge--warn" : "badge"}
          data-testid="catalog-column"
          data-column={`${view.name}.${column.name}`}
          data-masked={column.masked ? "true" : "false"}
          title={column.type}
        >
          <span className="mono">{column.name}</span>
          {column.masked && <span> · masked</span>}
        </li>
      ))}
    </ul>
  );
}

export function CatalogView() {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .GET("/api/catalog")
      .then(({ data, error: failure, response }) => {
        if (response.status === 401) redirectToLogin();
        if (!live) return;
        if (data) setCatalog(data);
        else
          setError(
            failure?.error.message ?? `The catalog could not be loaded (${response.status}).`,
          );
      })
      .catch(() => {
        if (live) setError("The analytics service cannot be reached right now.");
      });
    return () => {
      live = false;
    };
  }, []);

  if (error) {
    return (
      <div className="alert alert--danger" role="alert" data-testid="catalog-error">
        <div className="alert__title">The catalog is unavailable</div>
        <p>{error}</p>
      </div>
    );
  }
  if (!catalog) return <p className="muted">Loading what you can ask…</p>;

  const dimensionLabel = new Map(catalog.dimensions.map((d) => [d.name, d.label]));
  const views = new Map(catalog.views.map((v) => [v.name, v]));
  return (
    <>
      <div className="page__head">
        <div>
          <h1>What can I ask?</h1>
          <p className="page__sub">
            {roleLabel(catalog.role)} · {storesLabel(catalog.store_ids, catalog.is_all_stores)}.
            These are the measures, breakdowns and columns your role may use — checked against the
            database&apos;s own permissions. Click an example to ask it.
          </p>
        </div>
      </div>

      <section aria-labelledby="catalog-metrics">
        <h2 id="catalog-metrics">Measures</h2>
        <ul className="plain-list" data-testid="catalog-metrics">
          {catalog.metrics.map((metric) => (
            <li
              key={metric.name}
              className="card"
              data-testid="catalog-metric"
              data-metric={metric.name}
              style={{ marginBottom: "var(--s3)" }}
            >
              <h3>{metric.label}</h3>
              <p>{metric.description}</p>
              <div className="ask-form__suggestions">
                <span className="ask-form__suggestions-label" id={`examples-${metric.name}`}>
                  Ask
                </span>
                <ul className="chip-list" aria-labelledby={`examples-${metric.name}`}>
                  {metric.examples.map((question) => (
                    <li key={question}>
                      <Link className="chip" href={askHref(question)} data-testid="catalog-example">
                        {question}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
              {metric.dimensions.length > 0 && (
                <p className="muted">
                  Break it down by{" "}
                  {metric.dimensions.map((d) => dimensionLabel.get(d) ?? d).join(", ")}.
                </p>
              )}
              {views.get(metric.view) && (
                <details>
                  <summary>
                    From <span className="mono">{metric.view}</span>: the columns you may read
                  </summary>
                  <Columns view={views.get(metric.view)!} />
                </details>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="catalog-views">
        <h2 id="catalog-views">Views and columns</h2>
        <p className="muted">
          Only the columns your role may read are listed; masked columns never show the real value.
        </p>
        <ul className="plain-list" data-testid="catalog-views">
          {catalog.views.map((view) => (
            <li key={view.name} data-testid="catalog-view" data-view={view.name}>
              <h3 className="mono">
                {view.name}{" "}
                <span className={view.kind === "scoped" ? "badge badge--accent" : "badge"}>
                  {view.kind === "scoped" ? "your stores only" : "reference"}
                </span>
              </h3>
              <Columns view={view} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
