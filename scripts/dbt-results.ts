/**
 * dbt's run_results.json, as far as the pipeline reads it: the nodes the last invocation in a
 * target directory ran, and how each ended.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isDuckdbOutOfMemory } from '../load/duckdb/settings.ts';

const runResultsSchema = z.object({
  results: z.array(z.object({ unique_id: z.string(), status: z.string(), message: z.string().nullable().optional() })),
});

/** The nodes of `runResults` that failed because DuckDB ran out of memory. */
export function outOfMemoryNodes(runResults: unknown): string[] {
  const parsed = runResultsSchema.safeParse(runResults);
  if (!parsed.success) return [];
  return parsed.data.results
    .filter((result) => result.status === 'error' && isDuckdbOutOfMemory(result.message ?? ''))
    .map((result) => result.unique_id);
}

/**
 * The same, read from `targetPath`/run_results.json when dbt wrote it at `since` (epoch ms) or
 * later; none when it wrote no (readable) results, e.g. failing to parse the project, so that an
 * earlier invocation's results are never taken for this one's.
 */
export async function readOutOfMemoryNodes(targetPath: string, since: number): Promise<string[]> {
  const path = join(targetPath, 'run_results.json');
  try {
    if ((await stat(path)).mtimeMs < since) return [];
    return outOfMemoryNodes(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return [];
  }
}
