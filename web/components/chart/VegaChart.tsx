"use client";

import { useEffect, useRef, useState } from "react";

const CATEGORY_COLORS = [
  "#2f5bd3",
  "#e07a1f",
  "#1f9d74",
  "#c2417a",
  "#7a5cc7",
  "#c9a227",
  "#3aa0c8",
  "#8a8f98",
];

interface Props {
  spec: Record<string, unknown>;
  title: string;
}

// Renders a Vega-Lite v5 spec (inline data) as SVG, sized to its container so it fits from
// 390 px to desktop widths. vega-embed is loaded on demand, in the browser only.
export function VegaChart({ spec, title }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let cancelled = false;
    let finalize: (() => void) | undefined;
    (async () => {
      try {
        const { default: embed } = await import("vega-embed");
        if (cancelled) return;
        const responsive = {
          ...spec,
          width: "container",
          height: typeof spec.height === "number" ? spec.height : 260,
          autosize: { type: "fit", contains: "padding", resize: true },
          // House look; anything the spec sets itself wins.
          config: {
            font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            mark: { color: "#2f5bd3" },
            range: { category: CATEGORY_COLORS },
            axis: { labelColor: "#5b6470", titleColor: "#5b6470", gridColor: "#eceff3" },
            view: { stroke: null },
            ...(typeof spec.config === "object" && spec.config ? spec.config : {}),
          },
        };
        const result = await embed(element, responsive as never, {
          actions: false,
          renderer: "svg",
          mode: "vega-lite",
          tooltip: true,
        });
        if (cancelled) result.finalize();
        else finalize = result.finalize;
      } catch (error) {
        if (!cancelled) setFailed(error instanceof Error ? error.message : "cannot draw chart");
      }
    })();
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec]);

  if (failed) {
    return (
      <p className="muted" role="status">
        The chart could not be drawn ({failed}). The rows are in the table below.
      </p>
    );
  }
  return <div ref={ref} className="chart" role="img" aria-label={title} />;
}
