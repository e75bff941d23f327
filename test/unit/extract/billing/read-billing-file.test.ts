/** Finance's billing CSV: file-level errors, line validation, quarantine reasons and counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError } from '../../../../contract/errors.ts';
import type { Batch } from '../../../../contract/batch.ts';
import { inspectBillingFile, readBillingFile } from '../../../../extract/billing/read-billing-file.ts';

const header = 'conversation_id,client_id,invoice_id,billed_at,amount,currency';
const id = (n: number): string => `0f1e2d3c-4b5a-4697-8899-${String(n).padStart(12, '0')}`;

async function withFile(t: { after: (fn: () => Promise<void>) => void }, content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'billing-unit-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'billing.csv');
  await writeFile(path, content);
  return path;
}

async function read(path: string, batchSize?: number): Promise<Batch[]> {
  const facts = await inspectBillingFile(path);
  const batches: Batch[] = [];
  const options = { source: { fileName: 'billing.csv', sha256: facts.sha256 }, readAt: '2026-12-01T00:00:00.000Z' };
  for await (const batch of readBillingFile(path, batchSize === undefined ? options : { ...options, batchSize })) {
    batches.push(batch);
  }
  return batches;
}

const rowsOf = (batches: Batch[]) => batches.flatMap((batch) => batch.rows.billed_interactions ?? []);
const quarantinedOf = (batches: Batch[]) => batches.flatMap((batch) => batch.quarantined);

test('valid lines become rows: normalised id, currency and timestamp, amount as a number, lineage of the line', async (t) => {
  const path = await withFile(
    t,
    `\uFEFF${header}\n${id(1).toUpperCase()},ACME,INV-1,2026-11-03T11:15:00+01:00,12.50,eur\n${id(2)},ACME,INV-1,2026-11-04,0,USD\n`,
  );
  const batches = await read(path);
  const facts = await inspectBillingFile(path);
  assert.deepEqual(rowsOf(batches), [
    {
      conversation_id: id(1),
      client_id: 'ACME',
      invoice_id: 'INV-1',
      billed_at: '2026-11-03T10:15:00.000Z',
      amount: 12.5,
      currency: 'EUR',
      source_file_name: 'billing.csv',
      source_file_sha256: facts.sha256,
      source_line_number: 2,
    },
    {
      conversation_id: id(2),
      client_id: 'ACME',
      invoice_id: 'INV-1',
      billed_at: '2026-11-04T00:00:00.000Z',
      amount: 0,
      currency: 'USD',
      source_file_name: 'billing.csv',
      source_file_sha256: facts.sha256,
      source_line_number: 3,
    },
  ]);
  assert.equal(quarantinedOf(batches).length, 0);
});

test('each kind of bad line is quarantined with its line and reason; read = rows + quarantined', async (t) => {
  const lines = [
    header,
    `${id(1)},ACME,INV-1,2026-11-03T10:00:00Z,12.50,EUR`,
    `${id(2)},ACME,INV-1,2026-11-03T10:00:00Z,"12,50",EUR`,
    `${id(3)},ACME,INV-1,2026-11-03T10:00:00Z,12.50,`,
    `${id(4)},ACME,INV-1,03/11/2026 10:00,12.50,EUR`,
    `N/A,ACME,INV-1,2026-11-03T10:00:00Z,12.50,EUR`,
    `${id(5)},ACME,2026-11-03T10:00:00Z,12.50,EUR`,
    `${id(1)},ACME,INV-1,2026-11-05T10:00:00Z,13.00,EUR`,
    `${id(6)},,INV-1,2026-11-03T10:00:00Z,-1,EURO`,
    `${id(7)},ACME,INV-1,2026-11-03T10:00:00,1.00,EUR`,
    '',
    `${id(8)},"ACME,INV-2,2026-11-03T10:00:00Z,1.00,EUR`,
  ];
  const batches = await read(await withFile(t, `${lines.join('\n')}\n`), 3);
  assert.ok(batches.length > 1, 'read in several batches');
  const received = batches.reduce((sum, batch) => sum + batch.received, 0);
  const rows = rowsOf(batches);
  const quarantined = quarantinedOf(batches);
  assert.equal(received, 10, 'every non-blank line after the header is read');
  assert.equal(rows.length + quarantined.length, received);
  assert.deepEqual(
    rows.map((row) => row.source_line_number),
    [2],
  );
  const reasons = new Map(quarantined.map((row) => [row.record_key, row.reason ?? '']));
  const expect = (line: number, pattern: RegExp): void => {
    const reason = reasons.get(`billing.csv:${line}`);
    assert.ok(reason !== undefined && pattern.test(reason), `line ${line}: ${reason}`);
  };
  expect(3, /amount must be a number/);
  expect(4, /currency must be an ISO 4217 code/);
  expect(5, /billed_at must be an ISO-8601 timestamp/);
  expect(6, /conversation_id must be a Genesys conversation id/);
  expect(7, /expected 6 fields .* found 5/);
  expect(8, /duplicate of line 2/);
  expect(9, /client_id is empty.*amount.*currency/);
  expect(10, /billed_at/);
  expect(12, /quoted field is not closed/);
  for (const row of quarantined) {
    assert.equal(row.stream, 'billed_interactions');
    const payload = JSON.parse(row.raw_payload ?? '{}') as { text?: string; line?: number };
    assert.equal((payload.text ?? '').trimEnd(), lines[(payload.line ?? 0) - 1], 'the raw line is kept as written');
  }
});

test('header columns may come in any order; names are trimmed and case-insensitive', async (t) => {
  const path = await withFile(
    t,
    `Currency, amount,billed_at,invoice_id,client_id,conversation_id\nEUR,1.5,2026-11-03,I,C,${id(1)}\n`,
  );
  const [row] = rowsOf(await read(path));
  assert.ok(row !== undefined);
  assert.equal(row.amount, 1.5);
  assert.equal(row.conversation_id, id(1));
});

test('file-level problems are InputFileErrors that say what to do, before anything is read', async (t) => {
  const rejects = async (content: string | Buffer | null, pattern: RegExp): Promise<void> => {
    const path = content === null ? join(tmpdir(), 'no-such-billing-file.csv') : await withFile(t, content);
    await assert.rejects(read(path), (error: unknown) => {
      assert.ok(error instanceof InputFileError, String(error));
      assert.match(error.message, pattern);
      return true;
    });
  };
  await rejects(null, /No billing file at .*check the path/);
  await rejects('', /is empty/);
  await rejects(
    'conversation_id,client,invoice_id,billed_at,amount\n',
    /missing client_id, currency; unexpected "client"/,
  );
  await rejects('conversation_id;client_id;invoice_id;billed_at;amount;currency\n', /separated by ";"/);
  await rejects(Buffer.from(`${header}\n${id(1)},Caf\xe9,I,2026-11-03,1,EUR\n`, 'latin1'), /not valid UTF-8.*Latin-1/);
  await rejects(Buffer.from(`\uFEFF${header}\n`, 'utf16le'), /UTF-16/);
});
