import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { windowKey } from '../../../contract/window.ts';
import { formatPlan, remainingParts } from '../../../pipeline/plan.ts';

const day = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' };
const at = (hhmm: string, date = '2026-11-02'): string => `${date}T${hhmm}:00.000Z`;
const keys = (...windows: [string, string][]): Set<string> =>
  new Set(windows.map(([start, end]) => windowKey({ start, end })));

describe('remainingParts', () => {
  it('is the window itself when nothing of it is done, and nothing when it is', () => {
    assert.deepEqual(remainingParts(day, new Set()), [day]);
    assert.equal(remainingParts(day, new Set())[0], day);
    assert.deepEqual(remainingParts(day, keys([day.start, day.end])), []);
  });

  it('counts a window done when the parts of a split cover it', () => {
    const done = keys([at('00:00'), at('08:00')], [at('08:00'), at('16:00')], [at('16:00'), day.end]);
    assert.deepEqual(remainingParts(day, done), []);
  });

  it('leaves only the gaps, and ignores windows outside it', () => {
    const done = keys(
      [at('00:00'), at('08:00')],
      [at('16:00'), at('20:00')],
      [at('00:00', '2026-11-05'), at('12:00', '2026-11-05')],
    );
    assert.deepEqual(remainingParts(day, done), [
      { start: at('08:00'), end: at('16:00') },
      { start: at('20:00'), end: day.end },
    ]);
  });

  it('handles overlapping and out-of-order completed windows', () => {
    const done = keys([at('06:00'), at('12:00')], [at('00:00'), at('08:00')], [at('22:00'), at('02:00', '2026-11-03')]);
    assert.deepEqual(remainingParts(day, done), [{ start: at('12:00'), end: at('22:00') }]);
  });
});

describe('formatPlan', () => {
  it('says a split window is done, or which parts are left', () => {
    const next = { start: day.end, end: '2026-11-04T00:00:00.000Z' };
    const done = keys([at('00:00'), at('12:00')], [at('12:00'), day.end], [next.start, '2026-11-03T06:00:00.000Z']);
    const text = formatPlan({ windows: [day, next], done }, 'backfill');
    assert.match(text, /2026-11-02T00:00:00.000Z → 2026-11-03T00:00:00.000Z {2}skip \(done\)/);
    assert.match(text, /extract the part\(s\) not done yet: 2026-11-03T06:00:00.000Z → 2026-11-04T00:00:00.000Z/);
    assert.match(formatPlan({ windows: [day], done }, 'run'), /re-extract \(look-back\)/);
    assert.match(formatPlan({ windows: [day], done: new Set() }, 'backfill'), / {2}extract\n/);
  });
});
