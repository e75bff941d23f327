import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrivalOf, firstIndexStartingAtOrAfter, timeOfDayMs } from '../../../sandbox/generator/arrivals.ts';
import { timeZoneOffsetMs, zonedWallToUtc } from '../../../sandbox/generator/time-zone.ts';
import { conversationCount, loadScenario, ScenarioSchema, startMsOf } from '../../../sandbox/index.ts';

const HOUR = 3_600_000;

describe('time zone', () => {
  it('reads offsets from Intl, DST included', () => {
    assert.equal(timeZoneOffsetMs('Europe/Berlin', Date.parse('2026-11-02T12:00:00Z')), HOUR);
    assert.equal(timeZoneOffsetMs('Europe/Berlin', Date.parse('2026-07-01T12:00:00Z')), 2 * HOUR);
    assert.equal(timeZoneOffsetMs('America/New_York', Date.parse('2026-11-02T12:00:00Z')), -5 * HOUR);
  });

  it('maps wall time to UTC across transitions', () => {
    assert.equal(zonedWallToUtc('Europe/Berlin', Date.UTC(2026, 9, 24, 8)), Date.parse('2026-10-24T06:00:00Z'));
    assert.equal(zonedWallToUtc('Europe/Berlin', Date.UTC(2026, 9, 26, 8)), Date.parse('2026-10-26T07:00:00Z'));
    // 02:30 on 2026-03-29 does not exist in Berlin: the later candidate (03:30 CEST) is used.
    assert.equal(zonedWallToUtc('Europe/Berlin', Date.UTC(2026, 2, 29, 2, 30)), Date.parse('2026-03-29T01:30:00Z'));
  });
});

describe('arrivals', () => {
  it('start times never decrease with the index', async () => {
    const scenario = await loadScenario('default');
    let previous = -Infinity;
    for (let i = 0; i < conversationCount(scenario); i += 7) {
      const start = startMsOf(scenario, i);
      assert.ok(start >= previous, `index ${i}`);
      previous = start;
    }
    assert.equal(timeOfDayMs(0), 8 * HOUR);
    assert.ok(timeOfDayMs(0.999_999) < 20 * HOUR);
  });

  it('follows the daytime curve in local time, across a DST change', () => {
    const scenario = ScenarioSchema.parse({ startDate: '2026-10-24', days: 3, callsPerDay: 500 });
    const perHour = new Map<number, number>();
    let previous = -Infinity;
    for (let i = 0; i < conversationCount(scenario); i++) {
      const a = arrivalOf(scenario, i);
      assert.ok(a.startMs >= previous);
      previous = a.startMs;
      assert.ok(a.localHour >= 8 && a.localHour < 20, `local hour ${a.localHour}`);
      const offset = timeZoneOffsetMs('Europe/Berlin', a.startMs);
      assert.equal(a.wallMs - a.startMs, offset);
      assert.equal(a.localDate, ['2026-10-24', '2026-10-25', '2026-10-26'][a.day]);
      perHour.set(a.localHour, (perHour.get(a.localHour) ?? 0) + 1);
    }
    // Peaks late morning and 14:00-16:00; quiet early and late.
    const at = (h: number): number => perHour.get(h) ?? 0;
    assert.ok(at(11) > at(8) && at(14) > at(13) && at(15) > at(17) && at(19) < at(10));
    // Day 0 is CEST (UTC+2), day 2 is CET (UTC+1).
    assert.equal(timeZoneOffsetMs('Europe/Berlin', startMsOf(scenario, 0)), 2 * HOUR);
    assert.equal(timeZoneOffsetMs('Europe/Berlin', startMsOf(scenario, 1400)), HOUR);
  });

  it('finds index ranges by binary search', async () => {
    const scenario = await loadScenario('small');
    const t = startMsOf(scenario, 123);
    const first = firstIndexStartingAtOrAfter(scenario, t);
    assert.ok(first <= 123 && startMsOf(scenario, first) === t);
    assert.ok(first === 0 || startMsOf(scenario, first - 1) < t);
    assert.equal(firstIndexStartingAtOrAfter(scenario, 0), 0);
    assert.equal(firstIndexStartingAtOrAfter(scenario, Date.parse('2030-01-01T00:00:00Z')), 300);
  });
});
