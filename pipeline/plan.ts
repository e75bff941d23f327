/**
 * Which windows a command extracts. `run` without --from continues from the end of the last
 * completed window minus the look-back; `backfill` skips windows earlier runs completed. The
 * ledger answers what is done; nothing here knows how it stores that. A window earlier runs
 * extracted as smaller windows (split at the detail-job result cap) is done once its parts
 * cover it; only the parts not yet done are extracted again.
 */
import { planWindows, windowKey, windowOfKey, type Window } from '../contract/window.ts';
import type { Ledger } from '../load/warehouse.ts';

/** The stream windows of conversation data are recorded under in the ledger. */
export const windowStream = 'conversations';

export interface PlanRequest {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly stepMs: number;
  /** How far before the last completed window `run` starts again. */
  readonly lookbackMs: number;
  readonly now: Date;
}

export interface RunPlan {
  readonly windows: readonly Window[];
  /** windowKey() of the windows some run completed as final. */
  readonly done: ReadonlySet<string>;
}

export async function planRun(ledger: Ledger, request: PlanRequest): Promise<RunPlan> {
  const { stepMs } = request;
  const to = request.to ?? new Date(Math.floor(request.now.getTime() / stepMs) * stepMs).toISOString();
  let from = request.from;
  if (from === undefined) {
    const lastEnd = await ledger.lastCompletedWindowEnd(windowStream);
    const base = lastEnd === null ? Date.parse(to) - stepMs : Date.parse(lastEnd) - request.lookbackMs;
    from = new Date(Math.floor(base / stepMs) * stepMs).toISOString();
  }
  return { windows: planWindows(from, to, stepMs), done: await ledger.completedWindows(windowStream) };
}

/**
 * The parts of `window` that no completed window (by windowKey(), as `done` holds them) covers,
 * in order: [] when done, [window] when nothing of it is.
 */
export function remainingParts(window: Window, done: ReadonlySet<string>): Window[] {
  if (done.has(windowKey(window))) return [];
  const end = Date.parse(window.end);
  const covered = [...done]
    .map(windowOfKey)
    .filter((bounds) => bounds !== undefined)
    .sort(([a], [b]) => a - b);
  const parts: Window[] = [];
  let from = Date.parse(window.start);
  for (const [start, stop] of covered) {
    if (from >= end) break;
    if (stop <= from) continue;
    if (start > from)
      parts.push({ start: new Date(from).toISOString(), end: new Date(Math.min(start, end)).toISOString() });
    from = Math.max(from, stop);
  }
  if (from < end) parts.push({ start: new Date(from).toISOString(), end: window.end });
  return parts.length === 1 && parts[0]?.start === window.start && parts[0].end === window.end ? [window] : parts;
}

function planAction(window: Window, done: ReadonlySet<string>, command: 'run' | 'backfill'): string {
  const remaining = remainingParts(window, done);
  if (remaining[0] === window) return 'extract';
  // `run` extracts its look-back again whole; `backfill` only what no earlier run completed.
  if (command === 'run') return 're-extract (look-back)';
  if (remaining.length === 0) return 'skip (done)';
  return `extract the part(s) not done yet: ${remaining.map((part) => `${part.start} → ${part.end}`).join(', ')}`;
}

export function formatPlan(plan: RunPlan, command: 'run' | 'backfill'): string {
  const lines = plan.windows.map((window) => {
    const action = planAction(window, plan.done, command);
    return `  ${window.start} → ${window.end}  ${action}`;
  });
  return `${command} plan: ${plan.windows.length} window(s)\n${lines.join('\n')}\n`;
}
