/** The manifest of one run's staged files: what each file holds and how to check it is intact. */
import { z } from 'zod';
import { readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const stagedFileSchema = z.object({
  /** Unique id of the file, also stamped on each of its rows as `_file_id`. */
  fileId: z.string(),
  stream: z.string(),
  table: z.string(),
  /** Path relative to the stage root. */
  path: z.string(),
  /** Where the warehouse reads it: `file:///abs/path` (later `gs://bucket/path`). */
  uri: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rowCount: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
});

export const manifestSchema = z.object({
  runId: z.string(),
  createdAt: z.string(),
  files: z.array(stagedFileSchema),
});

export type StagedFile = z.infer<typeof stagedFileSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export const manifestPath = (stageDir: string, runId: string): string => join(stageDir, 'manifests', `${runId}.json`);

export async function writeManifest(stageDir: string, manifest: Manifest): Promise<string> {
  const path = manifestPath(stageDir, manifest.runId);
  await mkdir(dirname(path), { recursive: true });
  // Write then rename, so a reader never sees half a manifest.
  await writeFile(`${path}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.partial`, path);
  return path;
}

export async function readManifest(path: string): Promise<Manifest> {
  return manifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}
