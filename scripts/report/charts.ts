/**
 * The report's charts: Vega-Lite specifications compiled to Vega and rendered to SVG in Node by
 * Vega's headless View (`renderer: 'none'`, `toSVG`), with no canvas and no browser. The SVG is
 * inlined in the report, so opening it needs no script and no network.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const font = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const colors = { reported: '#9aa5b1', verified: '#1f6feb', peak: '#d1242f', neutral: '#57606a' } as const;

const baseConfig = {
  font,
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eaeef2' },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom' },
  view: { stroke: null },
} as const;

/** Renders a Vega-Lite specification to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface HourPoint {
  readonly localHour: number;
  readonly interactions: number;
  readonly reported: number | null;
  readonly verified: number | null;
}

/** Verified compliance per local hour as bars, reported as a line, the peak-gap hour marked in red. */
export function byHourSpec(points: readonly HourPoint[], peakHour: number | null): TopLevelSpec {
  const values = points.map((point) => ({
    hour: `${String(point.localHour).padStart(2, '0')}:00`,
    interactions: point.interactions,
    reported: point.reported,
    verified: point.verified,
    peak: point.localHour === peakHour,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 760,
    height: 260,
    config: baseConfig,
    data: { values },
    encoding: { x: { field: 'hour', type: 'ordinal', title: 'Local hour', axis: { labelAngle: 0 } } },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: {
            field: 'verified',
            type: 'quantitative',
            title: 'Compliance',
            axis: { format: '.0%' },
            scale: { domain: [0, 1] },
          },
          color: {
            field: 'peak',
            type: 'nominal',
            scale: { domain: [false, true], range: [colors.verified, colors.peak] },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'line', color: colors.reported, strokeDash: [4, 3], point: { color: colors.reported } },
        encoding: { y: { field: 'reported', type: 'quantitative' } },
      },
      {
        transform: [{ filter: 'datum.peak' }],
        mark: { type: 'text', dy: -10, color: colors.peak, fontWeight: 'bold', fontSize: 12 },
        encoding: {
          y: { field: 'verified', type: 'quantitative' },
          text: { value: 'peak gap' },
        },
      },
    ],
  };
}

export interface BarPoint {
  readonly label: string;
  readonly value: number;
  readonly text: string;
  readonly group?: string;
}

/**
 * Horizontal bars with their value written beside them; `group` stacks and colours the bars
 * (with a legend), and then the values are left to the table (stacked labels would overlap).
 */
export function barSpec(
  points: readonly BarPoint[],
  options: { readonly valueTitle: string; readonly labelTitle: string; readonly format?: string },
): TopLevelSpec {
  const grouped = points.some((point) => point.group !== undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: { step: 28 },
    config: baseConfig,
    data: { values: points.map((point) => ({ ...point, group: point.group ?? '' })) },
    encoding: {
      y: { field: 'label', type: 'nominal', title: options.labelTitle, sort: null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.valueTitle,
        ...(options.format === undefined ? {} : { axis: { format: options.format } }),
      },
    },
    layer: [
      {
        mark: { type: 'bar', tooltip: true, ...(grouped ? {} : { color: colors.verified }) },
        encoding: grouped ? { color: { field: 'group', type: 'nominal', title: null } } : {},
      },
      ...(grouped
        ? []
        : [
            {
              mark: { type: 'text' as const, align: 'left' as const, dx: 4, color: colors.neutral, fontSize: 11 },
              encoding: { text: { field: 'text' } },
            },
          ]),
    ],
  };
}
