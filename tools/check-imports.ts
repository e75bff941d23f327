/**
 * Import-graph checker, run by `npm run lint`. It reads every TypeScript file git knows about
 * (tracked, or untracked but not ignored), collects its module specifiers and reports:
 *   - back arrows: an import between top-level folders that the layer table below does not allow;
 *   - relative imports that resolve outside the repository root;
 *   - import cycles among project files (strongly connected components of the import graph);
 *   - files that reach for the sibling `shared` folder next to the repository (see below).
 * Exits 1 when it finds any, 0 otherwise. Dependency-free apart from the TypeScript compiler API.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** What a top-level folder may import besides itself: a list of folders, or anything inside the repository. */
export type LayerRule = readonly string[] | 'anything';

/**
 * The layering, written down once. Keys are top-level folders; a folder may always import within
 * itself. A TypeScript file in a folder missing from this table (or at the repository root) is
 * reported, so a new folder has to be placed here before CI passes.
 */
export const layers: Readonly<Record<string, LayerRule>> = {
  contract: [],
  extract: ['contract'],
  load: ['contract'],
  pipeline: ['extract', 'load', 'contract'],
  sandbox: [], // a standalone fake Genesys API
  scripts: ['pipeline', 'extract', 'load', 'contract', 'sandbox'],
  tools: [],
  test: 'anything',
};

export type ViolationKind = 'layer' | 'outside-repo' | 'cycle' | 'unknown-layer' | 'shared-folder';

export interface Violation {
  readonly kind: ViolationKind;
  readonly message: string;
  /** For 'cycle': every file of the strongly connected component, sorted. */
  readonly members?: readonly string[];
}

export interface ImportGraph {
  /** Repository-relative POSIX path of each file → the module specifiers it contains, as written. */
  readonly files: ReadonlyMap<string, readonly string[]>;
}

export interface GraphReport {
  readonly fileCount: number;
  /** Distinct (importer, imported) pairs among relative imports that stay inside the repository. */
  readonly edgeCount: number;
  readonly violations: readonly Violation[];
}

/** Module specifiers of a source text: static, side-effect, re-export, type-only and dynamic `import('...')`. */
export function collectSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName);
}

/** Top-level folder of a repository-relative path; '' for a file at the root. */
function layerOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function ruleFor(layer: string, table: Readonly<Record<string, LayerRule>>): LayerRule | undefined {
  return Object.hasOwn(table, layer) ? table[layer] : undefined;
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * Repository-relative target of a relative specifier, or undefined when it leaves the repository.
 * Prefers a known file; tries the usual TypeScript spellings (.js → .ts, no extension, index.ts)
 * before falling back to the literal path, which keeps the layer check meaningful for files that
 * do not exist (yet).
 */
function resolve(from: string, specifier: string, known: ReadonlyMap<string, unknown>): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (target === '..' || target.startsWith('../')) return undefined;
  const candidates = [
    target,
    target
      .replace(/\.js$/, '.ts')
      .replace(/\.mjs$/, '.mts')
      .replace(/\.cjs$/, '.cts'),
    `${target}.ts`,
    `${target}/index.ts`,
  ];
  return candidates.find((candidate) => known.has(candidate)) ?? target;
}

function describeRule(layer: string, rule: readonly string[]): string {
  return rule.length === 0
    ? `${layer}/ may import nothing outside itself`
    : `${layer}/ may import only ${rule.map((folder) => `${folder}/`).join(', ')}`;
}

/** Tarjan's algorithm: the strongly connected components of a directed graph. */
function stronglyConnectedComponents(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };

  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** A shortest cycle through `start` that stays inside `component` (breadth-first), as start → … → start. */
function cycleThrough(
  start: string,
  component: ReadonlySet<string>,
  graph: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  // Iterating an array while pushing to it visits the pushed items too: a plain FIFO queue.
  for (const node of queue) {
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [node];
        for (let step = node; step !== start;) {
          step = cameFrom.get(step) ?? start;
          path.unshift(step);
        }
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start]; // unreachable for a real component; keeps the type honest
}

/**
 * The pure part: checks layering, imports escaping the repository and cycles. Only relative
 * specifiers are project edges; package and `node:` specifiers are ignored.
 */
export function analyseGraph(graph: ImportGraph, table: Readonly<Record<string, LayerRule>> = layers): GraphReport {
  const violations: Violation[] = [];
  const edges = new Map<string, Set<string>>();
  const paths = [...graph.files.keys()].sort();

  for (const from of paths) {
    const fromLayer = layerOf(from);
    const rule = ruleFor(fromLayer, table);
    if (rule === undefined) {
      violations.push({
        kind: 'unknown-layer',
        message:
          fromLayer === ''
            ? `${from}: files at the repository root are not in the layer table of tools/check-imports.ts`
            : `${from}: top-level folder ${fromLayer}/ is not in the layer table of tools/check-imports.ts`,
      });
    }
    const targets = new Set<string>();
    edges.set(from, targets);
    for (const specifier of graph.files.get(from) ?? []) {
      if (!isRelative(specifier)) continue;
      const to = resolve(from, specifier, graph.files);
      if (to === undefined) {
        violations.push({
          kind: 'outside-repo',
          message: `${from} imports '${specifier}', which resolves outside the repository`,
        });
        continue;
      }
      if (targets.has(to)) continue;
      targets.add(to);
      const toLayer = layerOf(to);
      if (rule !== undefined && rule !== 'anything' && toLayer !== fromLayer && !rule.includes(toLayer)) {
        violations.push({ kind: 'layer', message: `${from} imports ${to}: ${describeRule(fromLayer, rule)}` });
      }
    }
  }

  // Cycles only among files we actually have; an edge to a missing file cannot close one.
  const projectGraph = new Map<string, ReadonlySet<string>>();
  for (const [from, targets] of edges) {
    projectGraph.set(from, new Set([...targets].filter((to) => graph.files.has(to))));
  }
  const cycles: Violation[] = [];
  for (const component of stronglyConnectedComponents(projectGraph)) {
    const members = component.sort();
    const first = members[0];
    if (first === undefined) continue;
    if (members.length === 1 && !(projectGraph.get(first)?.has(first) ?? false)) continue;
    const cycle = cycleThrough(first, new Set(members), projectGraph);
    const extra =
      members.length > cycle.length - 1
        ? ` (one of ${members.length} mutually dependent files: ${members.join(', ')})`
        : '';
    cycles.push({ kind: 'cycle', message: `import cycle: ${cycle.join(' → ')}${extra}`, members });
  }
  cycles.sort((a, b) => a.message.localeCompare(b.message));

  let edgeCount = 0;
  for (const targets of edges.values()) edgeCount += targets.size;
  return { fileCount: paths.length, edgeCount, violations: [...violations, ...cycles] };
}

/**
 * Tests must stand alone: nothing in this repository may read from the `shared` folder that sits
 * next to it in some checkouts (reference payloads and the like), because CI and other clones do
 * not have it. Such reads are built from path strings, not imports, so this is a plain text check:
 * a file fails when it contains the path segments `..` and `shared` as adjacent string arguments
 * (as in a `join(root, <dotdot>, <shared>)` call) or a `..`-slash-`shared`-slash path. It is
 * deliberately simple and errs on the side of flagging; the patterns are spelled with escapes so
 * that this file does not flag itself.
 */
const sharedFolderPatterns: readonly RegExp[] = [/(['"`])\.\.\1\s*,\s*(['"`])shared\2/, /\.\.[/\\]shared[/\\]/];

export function refersToSharedFolder(text: string): boolean {
  return sharedFolderPatterns.some((pattern) => pattern.test(text));
}

/** TypeScript files git tracks or would track, repository-relative; deleted-but-tracked files skipped. */
export function listTypeScriptFiles(root: string): string[] {
  const output = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard', '--', '*.ts'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const paths = new Set(
    output
      .split('\0')
      .filter((path) => path !== '' && !path.split('/').includes('node_modules'))
      .filter((path) => existsSync(join(root, path))),
  );
  return [...paths].sort();
}

export function summarise(report: GraphReport, extra: readonly Violation[]): string {
  const all = [...report.violations, ...extra];
  const head = `import graph: ${report.fileCount} files, ${report.edgeCount} edges`;
  if (all.length === 0) return `${head}, no back arrows, no cycles`;
  const count = (kind: ViolationKind): number => all.filter((violation) => violation.kind === kind).length;
  const parts = [
    `${count('layer')} back arrows`,
    `${count('cycle')} cycles`,
    `${count('outside-repo')} imports outside the repository`,
    `${count('shared-folder')} references to ../shared`,
    `${count('unknown-layer')} files outside the layer table`,
  ];
  return `${head}: ${all.length} violations (${parts.join(', ')})`;
}

function main(): number {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = new Map<string, string[]>();
  const sharedViolations: Violation[] = [];
  for (const path of listTypeScriptFiles(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    files.set(path, collectSpecifiers(text));
    if (refersToSharedFolder(text)) {
      sharedViolations.push({
        kind: 'shared-folder',
        message: `${path} refers to the shared folder outside the repository; tests and sources must stand alone`,
      });
    }
  }
  const report = analyseGraph({ files });
  for (const violation of [...report.violations, ...sharedViolations]) console.log(violation.message);
  console.log(summarise(report, sharedViolations));
  return report.violations.length + sharedViolations.length === 0 ? 0 : 1;
}

if (import.meta.main) process.exitCode = main();
