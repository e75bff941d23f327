/**
 * A test reporter that prints, once the run is over, how long each test file took (its process,
 * hooks included), slowest first, and their sum: where the time of `npm test` goes (with
 * `--test-concurrency` above 1 the sum exceeds the wall time). Its last line is `N passed, N
 * failed`. `npm test` runs it beside the spec reporter.
 */

interface SummaryEvent {
  readonly type: string;
  readonly data: {
    readonly file?: string | undefined;
    readonly duration_ms?: number;
    readonly counts?: { readonly passed: number; readonly failed: number };
  };
}

export default async function* slowestTestFiles(events: AsyncIterable<SummaryEvent>): AsyncGenerator<string> {
  const files: { file: string; ms: number }[] = [];
  let counts = { passed: 0, failed: 0 };
  for await (const event of events) {
    if (event.type !== 'test:summary') continue;
    // Each file's process ends with a summary naming the file; the run's own summary names none.
    if (event.data.file !== undefined) files.push({ file: event.data.file, ms: event.data.duration_ms ?? 0 });
    else if (event.data.counts !== undefined) counts = event.data.counts;
  }
  files.sort((a, b) => b.ms - a.ms);
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  const total = files.reduce((sum, entry) => sum + entry.ms, 0);
  yield `\ntest files by duration (${files.length} files, ${seconds(total)} s in all):\n`;
  for (const { file, ms } of files) yield `${seconds(ms).padStart(8)} s  ${file.replace(`${process.cwd()}/`, '')}\n`;
  yield `${counts.passed} passed, ${counts.failed} failed\n`;
}
