/**
 * The emulator build lock (tools/emulators.ts): a second build waits for a live holder, and a
 * lock left by a process that is gone is taken over, so a killed build never blocks the next.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBuildLock } from '../../../tools/emulators.ts';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'emulator-lock-'));

test('a lock left by a process that is gone is taken over at once', () => {
  const lock = join(scratch(), 'x.lock');
  mkdirSync(lock);
  // A pid far above pid_max is never a live process.
  writeFileSync(join(lock, 'pid'), '2147483646');
  const started = Date.now();
  assert.equal(
    withBuildLock(lock, () => 'built', { pollMs: 5000 }),
    'built',
  );
  assert.ok(Date.now() - started < 2500, 'no poll was waited');
  assert.equal(existsSync(lock), false, 'the lock is released after the work');
});

test('a lock directory with no pid is taken over once it is older than the orphan age', () => {
  const lock = join(scratch(), 'x.lock');
  mkdirSync(lock);
  assert.equal(
    withBuildLock(lock, () => 'built', { pollMs: 50, orphanMs: 200 }),
    'built',
  );
});

test('a second build waits while a live process holds the lock', async () => {
  const lock = join(scratch(), 'x.lock');
  // A live holder: a child process that holds the lock for 1.5 s, then releases it.
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const fs=require('node:fs');fs.mkdirSync(${JSON.stringify(lock)});` +
        `fs.writeFileSync(${JSON.stringify(join(lock, 'pid'))},String(process.pid));` +
        `setTimeout(()=>fs.rmSync(${JSON.stringify(lock)},{recursive:true}),1500);`,
    ],
    { stdio: 'ignore' },
  );
  while (!existsSync(join(lock, 'pid'))) await new Promise((resolve) => setTimeout(resolve, 20));
  const started = Date.now();
  let ranAfterMs = -1;
  withBuildLock(
    lock,
    () => {
      ranAfterMs = Date.now() - started;
    },
    { pollMs: 100 },
  );
  assert.ok(ranAfterMs >= 1000, `the work ran ${ranAfterMs} ms after the call, while the holder still had the lock`);
  await new Promise((resolve) => holder.once('exit', resolve));
});
