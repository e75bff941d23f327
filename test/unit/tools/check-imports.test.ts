import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseGraph, collectSpecifiers, refersToSharedFolder } from '../../../tools/check-imports.ts';

function graph(entries: Record<string, string[]>): { files: Map<string, string[]> } {
  return { files: new Map(Object.entries(entries)) };
}

test('a graph that follows the layering passes', () => {
  const report = analyseGraph(
    graph({
      'contract/tables.ts': [],
      'extract/extract-window.ts': ['../contract/tables.ts', 'zod'],
      'load/stage-writer.ts': ['../contract/tables.ts', 'node:fs', '@duckdb/node-api'],
      'pipeline/run.ts': ['../extract/extract-window.ts', '../load/stage-writer.ts'],
      'sandbox/server.ts': ['./routes/oauth.ts', 'node:http'],
      'sandbox/routes/oauth.ts': [],
      'scripts/cli.ts': ['../pipeline/run.ts', '../sandbox/server.ts'],
      'tools/check-imports.ts': ['typescript'],
      'test/unit/x.test.ts': ['../../scripts/cli.ts', '../../tools/check-imports.ts', 'node:test'],
    }),
  );
  assert.deepEqual(report.violations, []);
  assert.equal(report.fileCount, 9);
  // extract→contract, load→contract, pipeline→extract, pipeline→load, sandbox→routes,
  // scripts→pipeline, scripts→sandbox, test→scripts, test→tools
  assert.equal(report.edgeCount, 9);
});

test('a back arrow from extract/ to load/ is reported', () => {
  const report = analyseGraph(
    graph({
      'contract/tables.ts': [],
      'load/stage-writer.ts': ['../contract/tables.ts'],
      'extract/extract-window.ts': ['../contract/tables.ts', '../load/stage-writer.ts'],
    }),
  );
  assert.deepEqual(report.violations, [
    {
      kind: 'layer',
      message: 'extract/extract-window.ts imports load/stage-writer.ts: extract/ may import only contract/',
    },
  ]);
});

test('sandbox/ may not import even contract/, while scripts/ may import sandbox/', () => {
  const report = analyseGraph(
    graph({
      'contract/window.ts': [],
      'sandbox/index.ts': ['../contract/window.ts'],
      'scripts/demo.ts': ['../sandbox/index.ts'],
    }),
  );
  assert.deepEqual(report.violations, [
    {
      kind: 'layer',
      message: 'sandbox/index.ts imports contract/window.ts: sandbox/ may import nothing outside itself',
    },
  ]);
});

test('a cycle of three files is reported with its members', () => {
  const report = analyseGraph(
    graph({
      'extract/a.ts': ['./b.ts'],
      'extract/b.ts': ['./c.ts'],
      'extract/c.ts': ['./a.ts'],
      'extract/d.ts': ['./a.ts'],
    }),
  );
  assert.deepEqual(report.violations, [
    {
      kind: 'cycle',
      message: 'import cycle: extract/a.ts → extract/b.ts → extract/c.ts → extract/a.ts',
      members: ['extract/a.ts', 'extract/b.ts', 'extract/c.ts'],
    },
  ]);
});

test('a file importing itself is a cycle', () => {
  const report = analyseGraph(graph({ 'load/self.ts': ['./self.ts'] }));
  assert.deepEqual(report.violations, [
    { kind: 'cycle', message: 'import cycle: load/self.ts → load/self.ts', members: ['load/self.ts'] },
  ]);
});

test('an import that escapes the repository is reported', () => {
  const report = analyseGraph(
    graph({
      'test/helpers/payloads.ts': ['../../../sibling-checkout/payloads.ts'],
      'extract/a.ts': ['../../x.ts'],
    }),
  );
  assert.deepEqual(report.violations, [
    { kind: 'outside-repo', message: "extract/a.ts imports '../../x.ts', which resolves outside the repository" },
    {
      kind: 'outside-repo',
      message:
        "test/helpers/payloads.ts imports '../../../sibling-checkout/payloads.ts', which resolves outside the repository",
    },
  ]);
  assert.equal(report.edgeCount, 0);
});

test('a file in a folder the layer table does not know is reported', () => {
  const report = analyseGraph(graph({ 'misc/x.ts': [] }));
  assert.deepEqual(report.violations, [
    {
      kind: 'unknown-layer',
      message: 'misc/x.ts: top-level folder misc/ is not in the layer table of tools/check-imports.ts',
    },
  ]);
});

test('specifiers come from static, side-effect, re-export, type-only and dynamic imports', () => {
  const source = [
    "import { a } from '../contract/a.ts';",
    "import '../contract/side-effect.ts';",
    "export { b } from './b.ts';",
    "export * from './c.ts';",
    "import type { T } from './types.ts';",
    'import { readFileSync } from "node:fs";',
    "// import { nope } from './commented-out.ts';",
    "const lazy = await import('../load/stage-writer.ts');",
  ].join('\n');
  assert.deepEqual(collectSpecifiers(source), [
    '../contract/a.ts',
    '../contract/side-effect.ts',
    './b.ts',
    './c.ts',
    './types.ts',
    'node:fs',
    '../load/stage-writer.ts',
  ]);
});

test('a dynamic import counts as an edge: a lazy back arrow is still a back arrow', () => {
  const report = analyseGraph(
    graph({
      'extract/lazy.ts': collectSpecifiers("export async function f() { return import('../load/stage-writer.ts'); }"),
      'load/stage-writer.ts': [],
    }),
  );
  assert.deepEqual(report.violations, [
    { kind: 'layer', message: 'extract/lazy.ts imports load/stage-writer.ts: extract/ may import only contract/' },
  ]);
  assert.equal(report.edgeCount, 1);
});

test('text that reaches for the sibling shared folder is recognised', () => {
  // Built from pieces so that this test file does not itself trip the check it exercises.
  const up = '..';
  assert.equal(refersToSharedFolder(`join(projectRoot, '${up}', 'shared', 'reference')`), true);
  assert.equal(refersToSharedFolder(`join(root, "${up}", "shared")`), true);
  assert.equal(refersToSharedFolder(`/** payloads in ${up}/shared/reference */`), true);
  assert.equal(refersToSharedFolder("import { clientFor } from './shared.ts';"), false);
  assert.equal(refersToSharedFolder("new URL('../fixtures/genesys/', import.meta.url)"), false);
  assert.equal(refersToSharedFolder('windows are shared among them'), false);
});
