/** A staged row's NDJSON line: the row, its lineage columns and the SHA-256 of the row's JSON, one stringify. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ndjsonLine } from '../../../load/local-stage.ts';

const lineage = {
  _run_id: 'run-1',
  _file_id: 'raw/conversations/dt=2026-10-01/run-1-00001.parquet',
  _extracted_at: '2026-10-02T00:00:00.000Z',
  _window_start: null,
  _window_end: '2026-10-02T00:00:00.000Z',
};
const lineageJson = `${JSON.stringify(lineage).slice(1, -1)},`;

test('the line is the row with lineage and record hash appended, hashed over the row alone', () => {
  const rows: object[] = [
    { conversation_id: 'c-1', raw_payload: JSON.stringify({ a: 'ü "quoted" \\ \n' }), count: 3, flag: null },
    { id: 'x', skipped: undefined, nested: [1, 'two', { three: true }] },
    {},
  ];
  for (const row of rows) {
    const expected = `${JSON.stringify({
      ...row,
      ...lineage,
      _record_hash: createHash('sha256').update(JSON.stringify(row)).digest('hex'),
    })}\n`;
    assert.equal(ndjsonLine(row, lineageJson), expected);
    assert.deepEqual(JSON.parse(ndjsonLine(row, lineageJson)), JSON.parse(expected));
  }
});
