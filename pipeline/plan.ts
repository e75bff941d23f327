/**
 * Which windows a command extracts. `run` without --from continues from the end of the last
 * completed window minus the look-back; `backfill` skips windows earlier runs completed. The
 * ledger answers what is done; nothing here knows how it stores that.
 */
import { planWindows, windowKey, type Window } from '../contract/window.ts';
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

export function formatPlan(plan: RunPlan, command: 'run' | 'backfill'): string {
  const lines = plan.windows.map((window) => {
    const action = !plan.done.has(windowKey(window))
      ? 'extract'
      : command === 'backfill'
        ? 'skip (done)'
        : 're-extract (look-back)';
    return `  ${window.start} → ${window.end}  ${action}`;
  });
  return `${command} plan: ${plan.windows.length} window(s)\n${lines.join('\n')}\n`;
}
