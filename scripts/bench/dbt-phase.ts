/**
 * The bench's dbt phase (`--dbt-warehouse FILE`): the real `dbt build` (scripts/dbt.ts) over a
 * copy of a loaded warehouse, so the given file is never changed and every run starts from the
 * same raw tables. Figures: wall seconds, the peak RSS of the dbt process (its VmHWM, read from
 * /proc every 100 ms while it runs, so on Linux only), and the conversations and agent sessions
 * it built.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckdbResources } from '../../load/duckdb/settings.ts';
import { defaultDbtSchemas } from '../config.ts';
import { dbtBuildArgs, runDbt } from '../dbt.ts';

export interface DbtFigures {
  readonly warehouse: string;
  readonly conversations: number;
  readonly agentSessions: number;
  readonly seconds: number;
  /** Peak RSS of the dbt process (dbt's Python and its DuckDB); null where /proc is missing. */
  readonly peakRssMiB: number | null;
  readonly memoryLimit: string;
  readonly threads: number;
}

/** VmHWM (the process's peak RSS so far) in KiB, or null once the process is gone. */
function peakRssKiB(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

async function countRows(warehousePath: string, sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(warehousePath, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql);
      return Number(reader.getRows()[0]?.[0] ?? 0);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

export async function dbtPhase(options: {
  readonly warehouse: string;
  readonly duckdb: DuckdbResources;
  readonly log: (line: string) => void;
}): Promise<DbtFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-bench-dbt-'));
  const copy = join(dir, 'warehouse.duckdb');
  try {
    await copyFile(options.warehouse, copy);
    if (existsSync(`${options.warehouse}.wal`)) await copyFile(`${options.warehouse}.wal`, `${copy}.wal`);
    // The largest VmHWM sampled; 0 while none could be read.
    const peak = { kib: 0 };
    let timer: NodeJS.Timeout | undefined;
    const started = process.hrtime.bigint();
    try {
      await runDbt(dbtBuildArgs(), {
        warehousePath: copy,
        // One directory for every bench run (each copies the warehouse to a new temp file).
        workDirName: 'bench',
        duckdb: options.duckdb,
        progress: { update: () => undefined, log: options.log },
        onSpawn: (pid) => {
          const sample = (): void => {
            const kib = peakRssKiB(pid);
            if (kib !== null) peak.kib = Math.max(peak.kib, kib);
          };
          sample();
          // A dbt retry after running out of memory is a second process.
          clearInterval(timer);
          timer = setInterval(sample, 100);
        },
      });
    } finally {
      clearInterval(timer);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      warehouse: options.warehouse,
      conversations: await countRows(
        copy,
        `select count(*) from ${defaultDbtSchemas.staging}.stg_genesys__conversations`,
      ),
      agentSessions: await countRows(copy, `select count(*) from ${defaultDbtSchemas.marts}.fct_recording_compliance`),
      seconds: Number(seconds.toFixed(1)),
      peakRssMiB: peak.kib === 0 ? null : Math.round(peak.kib / 1024),
      memoryLimit: options.duckdb.memoryLimit,
      threads: options.duckdb.threads,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
