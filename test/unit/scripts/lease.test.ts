import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { isLocalHolderGone, newHolderId } from '../../../scripts/lease.ts';

test('a holder is gone only when it names this host and a process that no longer exists', () => {
  // A process that has exited: its pid names nobody (until reused, when the lease waits for its TTL).
  const exited = spawnSync(process.execPath, ['-e', '0']).pid;
  assert.equal(isLocalHolderGone(`schedule@${hostname()}:${exited}:0a1b2c3d`), true);
  assert.equal(isLocalHolderGone(newHolderId('run')), false, 'this process is alive');
  assert.equal(
    isLocalHolderGone(`schedule@another-host.example:${exited}:0a1b2c3d`),
    false,
    'another host is waited out',
  );
  assert.equal(isLocalHolderGone('not a holder id'), false);
});
