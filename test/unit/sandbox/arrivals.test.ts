import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPeakHour } from '../../../sandbox/generator/agent-legs.ts';
import { profileWeights } from '../../../sandbox/generator/arrival-profiles.ts';
import { arrivalOf, firstIndexStartingAtOrAfter } from '../../../sandbox/generator/arrivals.ts';
import type { Arrival } from '../../../sandbox/generator/arrivals.ts';
import { timeZoneOffsetMs, zonedWallToUtc } from '../../../sandbox/generator/time-zone.ts';
import { conversationCount, loadScenario, parseScenario, ScenarioSchema, startMsOf } from '../../../sandbox/index.ts';
import type { Scenario } from '../../../sandbox/index.ts';

const HOUR = 3_600_000;

/** Every arrival of a scenario, checking that start times never decrease with the index. */
function arrivals(scenario: Scenario): Arrival[] {
  const out: Arrival[] = [];
  for (let i = 0; i < conversationCount(scenario); i++) {
    const a = arrivalOf(scenario, i);
    const previous = out.at(-1);
    assert.ok(previous === undefined || a.startMs >= previous.startMs, `index ${i}`);
    out.push(a);
  }
  return out;
}

/** The arrival's local fields agree with the zone (Intl), and its wall time exists. */
function assertConsistent(scenario: Scenario, a: Arrival): void {
  const offset = timeZoneOffsetMs(scenario.orgTimeZone, a.startMs);
  assert.equal(a.utcOffsetMinutes * 60_000, offset);
  assert.equal(a.wallMs, a.startMs + offset);
  assert.equal(a.localDate, new Date(a.wallMs).toISOString().slice(0, 10));
  assert.equal(a.localHour, new Date(a.wallMs).getUTCHours());
}

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
    assert.ok(arrivals(scenario).every((a) => a.localHour >= 8 && a.localHour < 20));
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

describe('arrival profiles', () => {
  it('has the presets, daytime (the default) only 08:00-20:00, night_shift only 20:00-08:00', () => {
    for (const name of ['daytime', '24h', 'night_shift'] as const) assert.equal(profileWeights(name).length, 24);
    const daytime = profileWeights('daytime');
    const night = profileWeights('night_shift');
    for (let h = 0; h < 24; h++) {
      assert.equal((daytime[h] ?? 0) > 0, h >= 8 && h < 20, `daytime ${h}`);
      assert.equal((night[h] ?? 0) > 0, h < 8 || h >= 20, `night_shift ${h}`);
      assert.ok((profileWeights('24h')[h] ?? 0) > 0, `24h ${h}`);
    }
    assert.equal(ScenarioSchema.parse({}).arrivals.profile, 'daytime');
  });

  it('keeps the default scenario start times of the original daytime curve', async () => {
    // Pinned before configurable profiles existed: the default profile must not move them.
    const scenario = await loadScenario('default');
    assert.deepEqual(
      [0, 1, 2999, 3000, 41_999].map((i) => startMsOf(scenario, i)),
      [1_793_602_806_222, 1_793_602_840_370, 1_793_645_971_432, 1_793_689_225_827, 1_794_769_167_444],
    );
    const small = await loadScenario('small');
    assert.deepEqual(
      [0, 150, 299].map((i) => arrivalOf(small, i)),
      [
        {
          day: 0,
          startMs: 1_793_603_027_181,
          wallMs: 1_793_606_627_181,
          localDate: '2026-11-02',
          localHour: 8,
          utcOffsetMinutes: 60,
        },
        {
          day: 1,
          startMs: 1_793_689_583_941,
          wallMs: 1_793_693_183_941,
          localDate: '2026-11-03',
          localHour: 8,
          utcOffsetMinutes: 60,
        },
        {
          day: 1,
          startMs: 1_793_732_354_863,
          wallMs: 1_793_735_954_863,
          localDate: '2026-11-03',
          localHour: 19,
          utcOffsetMinutes: 60,
        },
      ],
    );
  });

  it('spreads a 24-hour profile over the 25 real hours of a fall-back day', () => {
    const scenario = parseScenario({
      orgTimeZone: 'America/New_York',
      startDate: '2026-10-31',
      days: 3,
      callsPerDay: 2500,
      arrivals: { profile: '24h' },
    });
    const all = arrivals(scenario);
    for (const a of all) assertConsistent(scenario, a);
    const fallBack = all.filter((a) => a.localDate === '2026-11-01');
    assert.equal(fallBack.length, 2500);
    const utcHours = new Set(fallBack.map((a) => Math.floor(a.startMs / HOUR)));
    assert.equal(utcHours.size, 25, 'every real hour of the 25-hour day has calls');
    const oneAm = fallBack.filter((a) => a.localHour === 1);
    const edt = oneAm.filter((a) => a.utcOffsetMinutes === -240).length;
    const est = oneAm.filter((a) => a.utcOffsetMinutes === -300).length;
    assert.ok(edt > 0 && est > 0, `both 01:00 hours have calls (${edt} EDT, ${est} EST)`);
    // Each occurrence weighs what a normal day's 01:00 does.
    const normalOneAm = all.filter((a) => a.localDate === '2026-10-31' && a.localHour === 1).length;
    assert.ok(Math.abs(edt - est) <= 0.25 * normalOneAm && Math.abs(edt + est - 2 * normalOneAm) <= 0.25 * normalOneAm);
  });

  it('gives the hour skipped by a spring-forward no calls, and no call a non-existent local time', () => {
    const scenario = parseScenario({
      orgTimeZone: 'America/New_York',
      startDate: '2027-03-13',
      days: 3,
      callsPerDay: 2300,
      arrivals: { profile: '24h' },
    });
    const all = arrivals(scenario);
    for (const a of all) {
      assertConsistent(scenario, a);
      assert.equal(zonedWallToUtc(scenario.orgTimeZone, a.wallMs), a.startMs, 'the local time exists');
    }
    const springDay = all.filter((a) => a.localDate === '2027-03-14');
    assert.equal(springDay.length, 2300);
    assert.ok(!springDay.some((a) => a.localHour === 2));
    assert.equal(new Set(springDay.map((a) => Math.floor(a.startMs / HOUR))).size, 23);
    assert.ok(springDay.some((a) => a.localHour === 1) && springDay.some((a) => a.localHour === 3));
  });

  it('spreads a day evenly when DST skips every weighted hour', () => {
    const profile = Array.from({ length: 24 }, (_, h) => (h === 2 ? 1 : 0));
    const scenario = parseScenario({
      orgTimeZone: 'America/New_York',
      startDate: '2027-03-14',
      days: 1,
      callsPerDay: 230,
      arrivals: { profile },
    });
    const all = arrivals(scenario);
    assert.ok(all.every((a) => a.localDate === '2027-03-14' && a.localHour !== 2));
    assert.equal(new Set(all.map((a) => a.localHour)).size, 23);
  });

  it('puts a Tokyo night shift on both sides of UTC midnight', () => {
    const scenario = parseScenario({
      orgTimeZone: 'Asia/Tokyo',
      startDate: '2026-11-02',
      days: 2,
      callsPerDay: 200,
      arrivals: { profile: 'night_shift' },
    });
    const all = arrivals(scenario);
    for (const a of all) assertConsistent(scenario, a);
    assert.ok(all.every((a) => a.localHour < 8 || a.localHour >= 20));
    const firstDay = all.filter((a) => a.localDate === '2026-11-02');
    assert.ok(firstDay.some((a) => new Date(a.startMs).toISOString().startsWith('2026-11-01')));
    assert.ok(firstDay.some((a) => new Date(a.startMs).toISOString().startsWith('2026-11-02')));
  });

  it('validates custom profiles', () => {
    assert.throws(() => parseScenario({ arrivals: { profile: [1, 2, 3] } }), /arrivals\.profile/);
    assert.throws(() => parseScenario({ arrivals: { profile: Array.from({ length: 24 }, () => 0) } }), /> 0/);
    assert.throws(() => parseScenario({ arrivals: { profile: 'weekend' } }), /arrivals\.profile/);
  });
});

describe('screen failure peak', () => {
  it('wraps past midnight when the end hour is below the start hour', () => {
    const scenario = parseScenario({ screenFailure: { peakStartHour: 22, peakEndHour: 2 } });
    const peak = Array.from({ length: 24 }, (_, h) => h).filter((h) => isPeakHour(scenario, h));
    assert.deepEqual(peak, [0, 1, 22, 23]);
    const daytime = parseScenario({});
    assert.deepEqual(
      Array.from({ length: 24 }, (_, h) => h).filter((h) => isPeakHour(daytime, h)),
      [14, 15],
    );
    const allDay = parseScenario({ screenFailure: { peakStartHour: 0, peakEndHour: 24 } });
    assert.ok(Array.from({ length: 24 }, (_, h) => h).every((h) => isPeakHour(allDay, h)));
  });
});
