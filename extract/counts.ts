/** Per-stream record accounting: for every stream, received = staged + quarantined. */
import type { StreamName } from '../contract/tables.ts';

export interface StreamCounts {
  received: number;
  staged: number;
  quarantined: number;
}

export type RunCounts = Partial<Record<StreamName, StreamCounts>>;

export function countInto(counts: RunCounts, stream: StreamName, outcome: 'staged' | 'quarantined', n = 1): void {
  const entry = (counts[stream] ??= { received: 0, staged: 0, quarantined: 0 });
  entry.received += n;
  entry[outcome] += n;
}

export function totals(counts: RunCounts): StreamCounts {
  const sum: StreamCounts = { received: 0, staged: 0, quarantined: 0 };
  for (const entry of Object.values(counts)) {
    sum.received += entry.received;
    sum.staged += entry.staged;
    sum.quarantined += entry.quarantined;
  }
  return sum;
}
