import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../contract/errors.ts';
import { planWindows } from '../../../contract/window.ts';

test('windows are half-open, contiguous, and the last one is cut at the end', () => {
  const windows = planWindows('2026-11-01', '2026-11-03T12:00:00Z', 86_400_000);
  assert.deepEqual(windows, [
    { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
    { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' },
    { start: '2026-11-03T00:00:00.000Z', end: '2026-11-03T12:00:00.000Z' },
  ]);
});

test('bad ranges fail with a ConfigError that names the problem', () => {
  assert.throws(
    () => planWindows('2026-11-03', '2026-11-01', 3600_000),
    (e: unknown) => e instanceof ConfigError && e.message.includes('must be after'),
  );
  assert.throws(() => planWindows('yesterday', '2026-11-01', 3600_000), ConfigError);
  assert.throws(() => planWindows('2026-11-01T10:00:00', '2026-11-02', 3600_000), /UTC timestamp/);
});
