/**
 * Alerts to an incoming webhook (ALERT_WEBHOOK_URL). The body is one JSON object that Slack,
 * Microsoft Teams and Google Chat incoming webhooks all accept:
 *
 *   { "text": "genesys-etl ALERT [compliance_gap] ...",      <- what the chat shows
 *     "alert": { "kind", "severity", "summary", "details", "source", "warehouse", "firedAt" } }
 *
 * `alert` carries the same facts for a machine (a relay, an incident tool); Slack and Teams
 * ignore it. Google Chat rejects unknown fields, so ALERT_WEBHOOK_FORMAT=text sends `text` only.
 * Each alert gets ALERT_WEBHOOK_TIMEOUT_MS per attempt and one retry; delivery never throws,
 * so a run's outcome never depends on the webhook.
 */
import type { AlertSettings } from '../config.ts';

export const alertKinds = ['run_failed', 'reconciliation_mismatch', 'stale_stream', 'compliance_gap'] as const;
export type AlertKind = (typeof alertKinds)[number];

export interface Alert {
  readonly kind: AlertKind;
  readonly severity: 'error' | 'warning';
  /** One sentence: what happened and where to look. */
  readonly summary: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AlertBody {
  readonly text: string;
  readonly alert?: Alert & { readonly source: 'genesys-etl'; readonly warehouse: string; readonly firedAt: string };
}

export function alertBody(alert: Alert, format: AlertSettings['format'], warehouse: string, now: Date): AlertBody {
  const text = `genesys-etl ${alert.severity === 'error' ? 'ALERT' : 'WARNING'} [${alert.kind}] ${alert.summary} (${warehouse})`;
  if (format === 'text') return { text };
  return { text, alert: { ...alert, source: 'genesys-etl', warehouse, firedAt: now.toISOString() } };
}

export interface Delivery {
  readonly delivered: boolean;
  readonly attempts: number;
  /** Why the last attempt failed, when it did. */
  readonly error?: string;
}

export interface Alerter {
  /** Sends the alert (when a webhook is configured); never throws. */
  fire(alert: Alert): Promise<Delivery | undefined>;
}

async function attempt(url: string, body: AlertBody, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return `no answer within ${timeoutMs} ms`;
    }
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
  }
}

/** Posts `body` to `url`: one attempt, and one retry after `retryDelayMs` if it failed. */
export async function deliver(
  url: string,
  body: AlertBody,
  { timeoutMs, retryDelayMs = 1_000 }: { readonly timeoutMs: number; readonly retryDelayMs?: number },
): Promise<Delivery> {
  let error = await attempt(url, body, timeoutMs);
  if (error === undefined) return { delivered: true, attempts: 1 };
  await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
  error = await attempt(url, body, timeoutMs);
  return error === undefined ? { delivered: true, attempts: 2 } : { delivered: false, attempts: 2, error };
}

/** An alerter for `settings`; without ALERT_WEBHOOK_URL it only logs. */
export function createAlerter(
  settings: AlertSettings,
  warehouse: string,
  log: (line: string) => void,
  { retryDelayMs }: { readonly retryDelayMs?: number } = {},
): Alerter {
  return {
    async fire(alert) {
      const url = settings.webhookUrl;
      if (url === undefined) return undefined;
      const delivery = await deliver(url, alertBody(alert, settings.format, warehouse, new Date()), {
        timeoutMs: settings.timeoutMs,
        ...(retryDelayMs === undefined ? {} : { retryDelayMs }),
      });
      log(
        delivery.delivered
          ? `alert ${alert.kind} sent to the webhook`
          : `alert ${alert.kind} could not be sent to the webhook (${delivery.error ?? 'unknown'}, ${delivery.attempts} attempts): ${alert.summary}`,
      );
      return delivery;
    },
  };
}
