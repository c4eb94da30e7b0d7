import type { Widget } from "@/lib/api/types";
import { formatMetric } from "@/lib/format";

export function MetricTile({ widget }: { widget: Widget }) {
  return (
    <>
      <div className="metric__value" data-testid="metric-value">
        {formatMetric(widget.value, widget.format, widget.money_without_cents === true)}
      </div>
      {widget.label && <div className="metric__label">{widget.label}</div>}
    </>
  );
}
