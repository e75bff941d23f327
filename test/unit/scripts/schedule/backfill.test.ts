import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../../contract/errors.ts';
import { historyStart, parseShare } from '../../../../scripts/schedule/backfill.ts';

const span = (start: string, end: string): { start: string; end: string } => ({
  start: `${start}T00:00:00.000Z`,
  end: `${end}T00:00:00.000Z`,
});

test('historyStart: the start of the contiguous stretch of windows ending with the latest one', () => {
  assert.equal(historyStart([]), null);
  assert.equal(
    historyStart([
      span('2026-11-20', '2026-11-21'),
      span('2026-11-21', '2026-11-22'),
      span('2026-11-22', '2026-11-23'),
    ]),
    '2026-11-20T00:00:00.000Z',
  );
  // A gap: an older stretch (an earlier backfill) does not count; overlapping windows (a look-back) do.
  assert.equal(
    historyStart([
      span('2026-11-01', '2026-11-05'),
      span('2026-11-20', '2026-11-22'),
      span('2026-11-21', '2026-11-23'),
      span('2026-11-22', '2026-11-23'),
    ]),
    '2026-11-20T00:00:00.000Z',
  );
});

test('parseShare: a number above 0 and at most 1', () => {
  assert.equal(parseShare('0.5'), 0.5);
  assert.equal(parseShare('1'), 1);
  assert.equal(parseShare('.25'), 0.25);
  for (const bad of ['0', '1.5', '-0.5', 'half', '', '50%']) {
    assert.throws(() => parseShare(bad), ConfigError, bad);
  }
});
