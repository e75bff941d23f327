import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowGroupRows } from '../../../load/local-stage.ts';

test('Parquet row groups are sized by bytes: wide rows get fewer rows per group, within DuckDB bounds', () => {
  // 1 KiB rows: about 8 MiB per row group.
  assert.equal(rowGroupRows(100_000, 100_000 * 1024), 8_192);
  // Narrow rows hit DuckDB's default ceiling, very wide ones its vector-size floor.
  assert.equal(rowGroupRows(1_000_000, 1_000_000 * 20), 122_880);
  assert.equal(rowGroupRows(1_000, 1_000 * 1024 * 1024), 2_048);
  // An empty part is never converted, but the formula stays finite.
  assert.equal(rowGroupRows(0, 0), 122_880);
});
