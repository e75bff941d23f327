/**
 * The report page (genesys-etl report): one self-contained HTML file built from the marts' figures
 * (load/report/read-report.ts). Styles are inline, charts are inline SVG (scripts/report/charts.ts),
 * there is no script and no external resource, so it opens offline. Every chart shows the query
 * behind it and a table of the figures it draws (`data-value` holds each figure unrounded).
 * A section whose mart is missing says so, with the reason, instead of a chart.
 */
import type { ReportData, Section } from '../../load/report/read-report.ts';
import { barSpec, byHourSpec, renderSvg, type HourPoint } from './charts.ts';

const escape = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export const percent = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
export const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
export const amount = (value: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A table cell carrying its unrounded value. */
const cell = (value: number | string | null, shown: string): string =>
  `<td data-value="${escape(value === null ? '' : String(value))}">${escape(shown)}</td>`;

function table(section: string, headers: readonly string[], rows: readonly string[][]): string {
  return `<table data-section="${section}"><thead><tr>${headers.map((header) => `<th>${escape(header)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${row.join('')}</tr>`).join('\n')}</tbody></table>`;
}

const query = (sql: string): string =>
  `<details class="sql" open><summary>Query</summary><pre><code>${escape(sql)}</code></pre></details>`;

const figure = (name: string, svg: string): string => `<figure class="chart" data-chart="${name}">${svg}</figure>`;

/** The section's body when its mart is there, else the "not available" notice (with the query it would run). */
async function sectionBody<Row>(
  name: string,
  section: Section<Row>,
  render: (rows: readonly Row[]) => Promise<string>,
): Promise<string> {
  if (section.status === 'missing') {
    return `<p class="unavailable" data-section="${name}">not available: ${escape(section.reason)}</p>${query(section.sql)}`;
  }
  return `${await render(section.rows)}${query(section.sql)}`;
}

/** The hour whose gap (reported minus verified) is largest; the earliest on a tie; null without data. */
export function peakGapHour(points: readonly HourPoint[]): number | null {
  let peak: HourPoint | null = null;
  for (const point of points) {
    if (point.interactions === 0 || point.reported === null || point.verified === null) continue;
    const gap = point.reported - point.verified;
    if (peak === null || gap > (peak.reported ?? 0) - (peak.verified ?? 0)) peak = point;
  }
  return peak?.localHour ?? null;
}

const styles = `
  :root { color-scheme: light; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  main { max-width: 1000px; margin: 0 auto; padding: 24px 32px 48px; }
  header p { color: #57606a; margin-top: 4px; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 16px 24px; margin: 20px 0; }
  h1 { font-size: 26px; margin-bottom: 0; } h2 { font-size: 19px; margin: 4px 0 12px; }
  .headline { display: flex; gap: 24px; flex-wrap: wrap; }
  .figure { flex: 1 1 200px; border-left: 4px solid #1f6feb; padding: 4px 12px; }
  .figure.reported { border-color: #9aa5b1; } .figure.gap { border-color: #d1242f; }
  .figure .value { font-size: 34px; font-weight: 600; } .figure .label { color: #57606a; font-size: 13px; }
  .note { color: #57606a; font-size: 13px; }
  .peak { color: #d1242f; font-weight: 600; }
  figure.chart { margin: 8px 0; overflow-x: auto; }
  table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
  th, td { border-bottom: 1px solid #eaeef2; padding: 3px 10px; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  details.sql summary { cursor: pointer; color: #57606a; font-size: 13px; }
  pre { background: #f6f8fa; border: 1px solid #eaeef2; border-radius: 6px; padding: 8px 12px; font-size: 12px; overflow-x: auto; }
  .unavailable { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; }
`;

export interface ReportPageOptions {
  /** When the report was written (shown in its header). */
  readonly generatedAt: Date;
  /** Where the marts were read from, e.g. the DuckDB file. */
  readonly source: string;
}

export async function renderReportHtml(data: ReportData, options: ReportPageOptions): Promise<string> {
  const headline = await sectionBody('headline', data.headline, (rows) => {
    const row = rows[0];
    const reported = row?.reported_compliance_rate ?? null;
    const verified = row?.verified_compliance_rate ?? null;
    const gap = reported === null || verified === null ? null : reported - verified;
    return Promise.resolve(`<div class="headline">
  <div class="figure reported"><div class="value" data-figure="reported_compliance_rate" data-value="${reported ?? ''}">${percent(reported)}</div><div class="label">reported compliance (what Genesys analytics shows)</div></div>
  <div class="figure"><div class="value" data-figure="verified_compliance_rate" data-value="${verified ?? ''}">${percent(verified)}</div><div class="label">verified compliance (recording files that exist and are complete)</div></div>
  <div class="figure gap"><div class="value" data-figure="compliance_gap" data-value="${gap ?? ''}">${gap === null ? 'n/a' : `${(gap * 100).toFixed(1)} pts`}</div><div class="label">gap: interactions reported recorded but not backed by a file</div></div>
</div>
<p class="note"><span data-figure="interactions" data-value="${row?.interactions ?? 0}">${integer(row?.interactions ?? 0)}</span> interactions policy requires recorded;
${integer(row?.reported_compliant_interactions ?? 0)} reported compliant, ${integer(row?.verified_compliant_interactions ?? 0)} verified compliant.</p>`);
  });

  const byHour = await sectionBody('byHour', data.byHour, async (rows) => {
    const points: HourPoint[] = rows.map((row) => ({
      localHour: row.local_hour,
      interactions: row.interactions,
      reported: row.reported_compliance_rate,
      verified: row.verified_compliance_rate,
    }));
    const peak = peakGapHour(points);
    const peakPoint = points.find((point) => point.localHour === peak);
    const peakText =
      peakPoint === undefined
        ? ''
        : `<p>Peak gap at <span class="peak" data-figure="peak_local_hour" data-value="${peakPoint.localHour}">${String(peakPoint.localHour).padStart(2, '0')}:00</span>:
verified ${percent(peakPoint.verified)} against reported ${percent(peakPoint.reported)} (${integer(peakPoint.interactions)} interactions).</p>`;
    return `${peakText}${figure('byHour', await renderSvg(byHourSpec(points, peak)))}
<p class="note">Bars: verified compliance; dashed line: reported compliance; red: the hour with the largest gap.</p>
${table(
  'byHour',
  ['local hour', 'interactions', 'reported compliance', 'verified compliance'],
  points.map((point) => [
    cell(
      point.localHour,
      `${String(point.localHour).padStart(2, '0')}:00${point.localHour === peak ? ' (peak gap)' : ''}`,
    ),
    cell(point.interactions, integer(point.interactions)),
    cell(point.reported, percent(point.reported)),
    cell(point.verified, percent(point.verified)),
  ]),
)}`;
  });

  const failureRate = await sectionBody('failureRate', data.failureRate, async (rows) => {
    const svg = await renderSvg(
      barSpec(
        rows.map((row) => ({ label: row.segment, value: row.failure_rate ?? 0, text: percent(row.failure_rate) })),
        { valueTitle: 'Screen recording failure rate', labelTitle: 'Data action', format: '.0%' },
      ),
    );
    const source = data.failureRate.marts.join(', ');
    return `<p class="note">Screen recordings failed, missing or incomplete, among those policy requires, split by whether the
ScreenPop_ScreenRec data action timed out (from ${escape(source)}).</p>${figure('failureRate', svg)}
${table(
  'failureRate',
  ['data action', 'in scope', 'failures', 'failure rate'],
  rows.map((row) => [
    cell(row.segment, row.segment),
    cell(row.in_scope, integer(row.in_scope)),
    cell(row.failures, integer(row.failures)),
    cell(row.failure_rate, percent(row.failure_rate)),
  ]),
)}`;
  });

  const custody = await sectionBody('custody', data.custody, async (rows) => {
    const svg = await renderSvg(
      barSpec(
        rows.map((row) => ({
          label: row.custody_verdict ?? '(none)',
          value: row.recordings,
          text: integer(row.recordings),
        })),
        { valueTitle: 'Recordings', labelTitle: 'Custody verdict' },
      ),
    );
    return `${figure('custody', svg)}${table(
      'custody',
      ['custody verdict', 'recordings'],
      rows.map((row) => [
        cell(row.custody_verdict, row.custody_verdict ?? '(none)'),
        cell(row.recordings, integer(row.recordings)),
      ]),
    )}`;
  });

  const billing = await sectionBody('billing', data.billing, async (rows) => {
    const svg = await renderSvg(
      barSpec(
        // Lines, not amounts: amounts in different currencies do not add up (they are in the table).
        rows.map((row) => ({
          label: row.reconciliation_status ?? '(none)',
          value: row.billing_rows,
          text: integer(row.billing_rows),
          group: row.currency ?? 'no currency',
        })),
        { valueTitle: 'Lines (amounts per currency: table below)', labelTitle: 'Reconciliation status' },
      ),
    );
    return `${figure('billing', svg)}${table(
      'billing',
      ['reconciliation status', 'currency', 'rows', 'billed interactions', 'billed amount'],
      rows.map((row) => [
        cell(row.reconciliation_status, row.reconciliation_status ?? '(none)'),
        cell(row.currency, row.currency ?? ''),
        cell(row.billing_rows, integer(row.billing_rows)),
        cell(row.billed_interactions, integer(row.billed_interactions)),
        cell(row.billed_amount, amount(row.billed_amount)),
      ]),
    )}`;
  });

  const section = (name: string, title: string, body: string): string =>
    `<section id="${name}" data-section="${name}"><h2>${escape(title)}</h2>${body}</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recording compliance report</title>
<style>${styles}</style>
</head>
<body>
<main>
<header>
<h1>Recording compliance: reported against verified</h1>
<p>Written ${escape(options.generatedAt.toISOString())} from the marts in <code>${escape(data.schema)}</code> of ${escape(options.source)}.
Every figure below comes from the query shown under it.</p>
</header>
${section('headline', 'Headline', headline)}
${section('byHour', 'Verified compliance by local hour', byHour)}
${section('failureRate', 'Screen recording failures with and without the data action timeout', failureRate)}
${section('custody', 'Chain of custody verdicts', custody)}
${section('billing', 'Billing reconciliation', billing)}
</main>
</body>
</html>
`;
}
