/**
 * Splitting windows whose detail job holds more results than the API pages through (the result
 * cap). The capped job's results come by conversationStart, so the time its results spanned
 * before the cap (first to last conversationStart seen) estimates how long a window stays below
 * it; the parts are sized by that estimate (with a margin for uneven traffic), so a window is
 * normally paid for once more, not once per halving.
 */
import type { Window } from '../contract/window.ts';

/** Parts are whole minutes long; a window this short is not split any further. */
export const minimumPartMs = 60_000;

/** Share of the capped job's reach a part may span (traffic is not uniform within a window). */
export const reachMargin = 0.8;

/** [start, end) in parts of at most `maxMs` (whole minutes, one at least), as equal as whole minutes allow. */
export function partition(window: Window, maxMs: number): Window[] {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const duration = end - start;
  if (!(maxMs > 0) || duration <= maxMs) return [window];
  const wholeMinutes = Math.max(minimumPartMs, Math.floor(maxMs / minimumPartMs) * minimumPartMs);
  const parts = Math.ceil(duration / wholeMinutes);
  const step = Math.ceil(duration / parts / minimumPartMs) * minimumPartMs;
  const windows: Window[] = [];
  for (let t = start; t < end; t += step) {
    windows.push({ start: new Date(t).toISOString(), end: new Date(Math.min(t + step, end)).toISOString() });
  }
  return windows;
}

export interface CapSplit {
  /** The parts to extract instead of the window. */
  readonly windows: readonly Window[];
  /** The longest window the rest of the run should extract in one job. */
  readonly maxWindowMs: number;
}

/**
 * How to extract a window whose job went past the cap: parts no longer than half the window, nor
 * than `reachMargin` of the time the capped results spanned (from `first`, or the window's start
 * if later, to `reached`: the conversationStart of the first and last results served). Undefined
 * when the window is already as short as parts get.
 */
export function splitForCap(
  window: Window,
  seen: { readonly first?: string | undefined; readonly reached: string | undefined },
): CapSplit | undefined {
  const start = Date.parse(window.start);
  const duration = Date.parse(window.end) - start;
  if (duration <= minimumPartMs) return undefined;
  const from = Math.max(start, seen.first === undefined ? start : Date.parse(seen.first) || start);
  const spanned = seen.reached === undefined ? Number.NaN : Date.parse(seen.reached) - from;
  const estimate = spanned > 0 ? spanned * reachMargin : Number.POSITIVE_INFINITY;
  const wanted = Math.min(duration / 2, estimate);
  const maxWindowMs = Math.max(minimumPartMs, Math.floor(wanted / minimumPartMs) * minimumPartMs);
  return { windows: partition(window, maxWindowMs), maxWindowMs };
}
