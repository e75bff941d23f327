/** What every ledger's lease must do (load/ledger-lease.ts), run against DuckDB and the BigQuery emulator. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Ledger } from '../../load/warehouse.ts';

/**
 * `clockStepMs`: how far apart two readings of the warehouse's clock in one statement may be.
 * DuckDB's now() and BigQuery's CURRENT_TIMESTAMP() are read once per statement (0); the BigQuery
 * emulator reads CURRENT_TIMESTAMP() at each call, so a millisecond may pass between
 * `renewed_at` and `expires_at` (60,001 ms apart, once in CI on 39eb9e8).
 */
export async function checkLeaseSemantics(ledger: Ledger, { clockStepMs = 0 } = {}): Promise<void> {
  const name = 'pipeline';
  const first = await ledger.acquireLease({ name, holderId: 'a', ttlMs: 60_000 });
  assert.equal(first.acquired, true);
  assert.equal(first.lease.holderId, 'a');
  assert.equal(first.tookOver, undefined);
  const expiresIn = Date.parse(first.lease.expiresAt) - Date.parse(first.lease.renewedAt);
  assert.ok(expiresIn >= 60_000 && expiresIn <= 60_000 + clockStepMs, `expires ${expiresIn} ms after its renewal`);

  // Another holder is refused while the lease lives, and told who holds it until when.
  const refused = await ledger.acquireLease({ name, holderId: 'b', ttlMs: 60_000 });
  assert.equal(refused.acquired, false);
  assert.equal(refused.lease.holderId, 'a');
  assert.equal(refused.lease.expiresAt, first.lease.expiresAt);

  // The holder renews it: same acquisition, later renewal.
  await sleep(20);
  const renewed = await ledger.acquireLease({ name, holderId: 'a', ttlMs: 60_000 });
  assert.equal(renewed.acquired, true);
  assert.equal(renewed.lease.acquiredAt, first.lease.acquiredAt);
  assert.ok(renewed.lease.expiresAt > first.lease.expiresAt);

  // Releasing someone else's lease does nothing; releasing one's own frees it.
  await ledger.releaseLease(name, 'b');
  assert.equal((await ledger.acquireLease({ name, holderId: 'b', ttlMs: 60_000 })).acquired, false);
  await ledger.releaseLease(name, 'a');
  const taken = await ledger.acquireLease({ name, holderId: 'b', ttlMs: 300 });
  assert.equal(taken.acquired, true);
  assert.equal(taken.tookOver, undefined);

  // A lease its holder stopped renewing expires and is taken over.
  assert.equal((await ledger.acquireLease({ name, holderId: 'c', ttlMs: 60_000 })).acquired, false);
  await sleep(600);
  const takeover = await ledger.acquireLease({ name, holderId: 'c', ttlMs: 60_000 });
  assert.equal(takeover.acquired, true);
  assert.equal(takeover.tookOver?.holderId, 'b');
  assert.equal((await ledger.acquireLease({ name, holderId: 'b', ttlMs: 60_000 })).acquired, false);

  // Racing holders: exactly one wins.
  await ledger.releaseLease(name, 'c');
  const race = await Promise.all(
    ['x', 'y', 'z'].map((holderId) => ledger.acquireLease({ name, holderId, ttlMs: 60_000 })),
  );
  assert.equal(race.filter((outcome) => outcome.acquired).length, 1, JSON.stringify(race));
}
