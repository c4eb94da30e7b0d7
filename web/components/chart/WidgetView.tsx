import type { AskResult, Widget } from "@/lib/api/types";
import { DataTable } from "./DataTable";
import { MetricTile } from "./MetricTile";
import { VegaChart } from "./VegaChart";

export function WidgetView({ widget, result }: { widget: Widget; result: AskResult }) {
  let body: React.ReactNode;
  switch (widget.type) {
    case "metric":
      body = <MetricTile widget={widget} />;
      break;
    case "table":
      body = (
        <DataTable
          columns={result.columns}
          rows={result.rows}
          only={widget.columns}
          formats={widget.formats}
          labels={widget.labels}
          wholeDollars={widget.money_without_cents === true}
          caption={widget.title}
        />
      );
      break;
    default:
      body = widget.vega_lite ? (
        <VegaChart spec={widget.vega_lite} title={widget.title} />
      ) : (
        <p className="muted">No chart specification was sent.</p>
      );
  }
  return (
    <section
      className={`widget widget--${widget.type}`}
      data-testid="widget"
      data-widget-type={widget.type}
      aria-label={widget.title}
    >
      <div className="widget__title">{widget.title}</div>
      {body}
    </section>
  );
}
