import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuditDays } from '../../../../sandbox/generator/audit-days.ts';

const DAY = 86_400_000;
const ORIGIN = Date.UTC(2026, 9, 1);

/** A small deterministic generator (xorshift), so the cases are the same on every run. */
function randoms(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('audit days', () => {
  it('never rules out a conversation with an event in the interval, and rules out days without one', () => {
    const random = randoms(20261204);
    const conversations = 200;
    const days = createAuditDays(conversations, ORIGIN);
    const times: number[][] = [];
    for (let i = 0; i < conversations; i++) {
      // up to 6 events over 90 days, some past the 64 days the index tells apart
      times.push(Array.from({ length: Math.floor(random() * 7) }, () => ORIGIN + Math.floor(random() * 90 * DAY)));
      days.record(i, times[i] ?? []);
    }
    let ruledOut = 0;
    for (let q = 0; q < 2_000; q++) {
      const startMs = ORIGIN + Math.floor(random() * 95 * DAY) - 2 * DAY;
      const endMs = startMs + 1 + Math.floor(random() * 3 * DAY);
      const i = Math.floor(random() * conversations);
      const inInterval = (times[i] ?? []).some((t) => t >= startMs && t < endMs);
      const eventDays = new Set((times[i] ?? []).map((t) => Math.floor((t - ORIGIN) / DAY)));
      const touchedDays = [];
      for (let d = Math.floor((startMs - ORIGIN) / DAY); d <= Math.floor((endMs - 1 - ORIGIN) / DAY); d++)
        touchedDays.push(d);
      const may = days.mayHaveEventIn(i, startMs, endMs);
      if (inInterval) assert.equal(may, true, `conversation ${i}, ${startMs}..${endMs}`);
      // Before the last distinguished day, a day without events is ruled out exactly.
      if (touchedDays.every((d) => d < 62 && !eventDays.has(d))) {
        assert.equal(may, false, `conversation ${i}, days ${touchedDays.join(',')}`);
        ruledOut++;
      }
    }
    assert.ok(ruledOut > 500, `${ruledOut} intervals ruled out`);
  });

  it('tells every day apart up to day 62, and the days from 63 on as one', () => {
    const span = 70;
    const days = createAuditDays(span, ORIGIN);
    for (let d = 0; d < span; d++) days.record(d, [ORIGIN + d * DAY + DAY / 2]);
    for (let d = 0; d < span; d++) {
      for (let q = 0; q < span; q++) {
        const may = days.mayHaveEventIn(d, ORIGIN + q * DAY, ORIGIN + (q + 1) * DAY);
        assert.equal(may, q === d || (q >= 63 && d >= 63), `event on day ${d}, query of day ${q}`);
      }
    }
  });

  it('counts a conversation not recorded yet as possible, and one without events as never', () => {
    const days = createAuditDays(2, ORIGIN);
    assert.equal(days.mayHaveEventIn(0, ORIGIN, ORIGIN + DAY), true);
    days.record(0, []);
    assert.equal(days.mayHaveEventIn(0, ORIGIN - DAY, ORIGIN + 400 * DAY), false);
    days.record(1, [ORIGIN + 200 * DAY]);
    assert.equal(days.mayHaveEventIn(1, ORIGIN + 150 * DAY, ORIGIN + 151 * DAY), true);
    assert.equal(days.mayHaveEventIn(1, ORIGIN + 10 * DAY, ORIGIN + 11 * DAY), false);
  });
});
