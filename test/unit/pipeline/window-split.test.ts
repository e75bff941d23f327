import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimumPartMs, partition, splitForCap, type CapSplit } from '../../../pipeline/window-split.ts';

const HOUR = 3_600_000;
const day = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' };
function defined(split: CapSplit | undefined): CapSplit {
  assert.ok(split !== undefined, 'the window is split');
  return split;
}
const spans = (windows: readonly { start: string; end: string }[]): string[] =>
  windows.map((w) => `${w.start.slice(11, 16)}-${w.end.slice(11, 16)}`);

describe('partition', () => {
  it('leaves a window no longer than the maximum alone', () => {
    assert.deepEqual(partition(day, 24 * HOUR), [day]);
    assert.deepEqual(partition(day, Number.POSITIVE_INFINITY), [day]);
  });

  it('cuts a window into equal whole-minute parts that cover it exactly', () => {
    assert.deepEqual(spans(partition(day, 8 * HOUR)), ['00:00-08:00', '08:00-16:00', '16:00-00:00']);
    // 24 h in parts of at most 7 h: four parts of 6 h, not 7 + 7 + 7 + 3.
    assert.deepEqual(spans(partition(day, 7 * HOUR)), ['00:00-06:00', '06:00-12:00', '12:00-18:00', '18:00-00:00']);
    const odd = partition(day, 7 * 60_000 + 30_000);
    assert.equal(odd[0]?.start, day.start);
    assert.equal(odd.at(-1)?.end, day.end);
    for (const [i, w] of odd.entries()) {
      assert.ok(Date.parse(w.end) - Date.parse(w.start) <= 7 * 60_000);
      assert.equal((Date.parse(w.start) - Date.parse(day.start)) % minimumPartMs, 0);
      if (i > 0) assert.equal(w.start, odd[i - 1]?.end);
    }
  });
});

describe('splitForCap', () => {
  it('sizes the parts by how far the capped results reached, with a margin', () => {
    // The cap was hit after results up to 10:00: parts of at most 0.8 × 10 h = 8 h.
    const split = defined(splitForCap(day, { reached: '2026-11-02T10:00:00.000Z' }));
    assert.equal(split.maxWindowMs, 8 * HOUR);
    assert.deepEqual(spans(split.windows), ['00:00-08:00', '08:00-16:00', '16:00-00:00']);
  });

  it('measures the span from the first result seen, not from an empty start of the window', () => {
    // Traffic from 07:00: 100 results from 07:00 to 12:00 span 5 h, so parts of at most 4 h.
    const split = defined(splitForCap(day, { first: '2026-11-02T07:00:00.000Z', reached: '2026-11-02T12:00:00.000Z' }));
    assert.equal(split.maxWindowMs, 4 * HOUR);
    assert.equal(split.windows.length, 6);
    // A first result that started before the window (it overlaps it) counts from the window's start.
    const overlapping = defined(
      splitForCap(day, { first: '2026-11-01T23:00:00.000Z', reached: '2026-11-02T10:00:00.000Z' }),
    );
    assert.equal(overlapping.maxWindowMs, 8 * HOUR);
  });

  it('halves the window when the reach says nothing (unknown, before the start, or past half)', () => {
    for (const reached of [undefined, '2026-11-01T23:00:00.000Z', '2026-11-02T20:00:00.000Z', 'garbage']) {
      const split = defined(splitForCap(day, { reached }));
      assert.equal(split.maxWindowMs, 12 * HOUR, String(reached));
      assert.deepEqual(spans(split.windows), ['00:00-12:00', '12:00-00:00']);
    }
  });

  it('never goes below a minute, and gives up on a window that short', () => {
    const split = defined(splitForCap(day, { reached: '2026-11-02T00:00:00.500Z' }));
    assert.equal(split.maxWindowMs, minimumPartMs);
    assert.equal(split.windows.length, 24 * 60);
    assert.equal(splitForCap({ start: day.start, end: '2026-11-02T00:01:00.000Z' }, { reached: undefined }), undefined);
  });
});
