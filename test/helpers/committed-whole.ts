/** What a stopped pipeline must leave in a DuckDB warehouse: no window running, every raw table exactly the rows of the files the ledger lists as loaded. */
import assert from 'node:assert/strict';
import { tables } from '../../contract/tables.ts';
import { queryRows } from './warehouse.ts';

export async function assertCommittedWhole(warehouse: string): Promise<void> {
  const running = await queryRows(warehouse, `select * from etl_windows where status = 'running'`);
  assert.deepEqual(running, [], 'no window is left running');
  for (const definition of Object.values(tables)) {
    const [counted] = await queryRows(
      warehouse,
      `select (select count(*) from ${definition.table}) as rows,
              (select coalesce(sum(row_count), 0) from etl_files where table_name = '${definition.table}') as listed`,
    );
    assert.equal(Number(counted?.['rows']), Number(counted?.['listed']), `${definition.table}: rows = files loaded`);
  }
}
