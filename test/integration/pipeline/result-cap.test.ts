/**
 * The detail-job result cap: a backfill whose windows hold more conversations than the API pages
 * through (a sandbox cap of 100 on the small scenario's 150-call days) completes anyway. The
 * pipeline drops the capped window's pages, extracts it as smaller windows, and extracts the
 * later windows at the smaller size from the start. The ledger's parts cover every planned window,
 * so the next backfill finds nothing to do, and every conversation is loaded once per part it
 * overlaps, never twice for the same part.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { groundTruth, loadScenario } from '../../../sandbox/index.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import type { Progress } from '../../../scripts/progress.ts';
import { extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const cap = 100;

test(
  'a backfill of windows larger than the detail-job result cap completes with every conversation, split',
  { timeout: 180_000 },
  async (t) => {
    const small = await loadScenario('small');
    const scenario = { ...small, limits: { ...small.limits, detailJobResultCap: cap } };
    const workspace = await sandboxWorkspace(t, scenario, {
      env: { PSEUDONYMISATION_KEY: 'result-cap-test-key', GENESYS_JOB_PAGE_SIZE: '25' },
    });
    const { config } = workspace;
    const logs: string[] = [];
    const progress: Progress = { update: () => undefined, log: (message) => logs.push(message) };
    const windows = scenarioWindows(scenario);
    const backfill = () =>
      extractScenario(workspace, { command: 'backfill', windows, progress, jobPollMs: 5, skipCompleted: true });

    const truth = groundTruth(scenario);
    const perDay = windows.map((w) => truth.filter((c) => c.start >= w.start && c.start < w.end).length);
    assert.ok(
      perDay.every((n) => n > cap),
      `every planned window holds more than the cap (${perDay.join(', ')})`,
    );

    try {
      await backfill();
    } finally {
      t.diagnostic(logs.join('\n'));
    }

    await t.test('the progress log says the window was split, and later windows were extracted smaller', () => {
      assert.ok(
        logs.some((line) => line.includes(`went past the API's cap of ${cap} results`) && line.includes('split into')),
        logs.join('\n'),
      );
      assert.ok(
        logs.some((line) => line.includes('learned from the detail-job result cap')),
        logs.join('\n'),
      );
    });

    const parts = (
      await queryRows(
        config.warehousePath,
        `select epoch_ms(window_start) as s, epoch_ms(window_end) as e, status, received
         from etl_windows where stream = 'conversations' order by 1`,
      )
    ).map((row) => ({
      start: Number(row['s']),
      end: Number(row['e']),
      status: String(row['status']),
      received: Number(row['received']),
    }));

    await t.test('the ledger holds the parts, each below the cap, tiling every planned window', () => {
      assert.ok(parts.length > windows.length, `${parts.length} parts for ${windows.length} windows`);
      for (const part of parts) {
        assert.equal(part.status, 'succeeded');
        assert.ok(part.received <= cap, `a part received ${part.received}`);
      }
      for (const window of windows) {
        const inside = parts.filter((p) => p.start >= Date.parse(window.start) && p.end <= Date.parse(window.end));
        assert.ok(inside.length > 1, `${window.start} was split`);
        assert.equal(inside[0]?.start, Date.parse(window.start));
        assert.equal(inside.at(-1)?.end, Date.parse(window.end));
        inside.slice(1).forEach((p, i) => {
          assert.equal(p.start, inside[i]?.end, 'parts are contiguous');
        });
      }
    });

    await t.test('every conversation is loaded once per part its lifetime overlaps, none twice in a part', async () => {
      const rows = await queryRows(
        config.warehousePath,
        `select conversation_id, epoch_ms(_window_start) as s, count(*) as n
         from raw_genesys__conversations group by all order by 1, 2`,
      );
      assert.ok(
        rows.every((row) => Number(row['n']) === 1),
        'no conversation twice in one part',
      );
      const loaded = new Map<string, number[]>();
      for (const row of rows) {
        const id = String(row['conversation_id']);
        loaded.set(id, [...(loaded.get(id) ?? []), Number(row['s'])]);
      }
      const valid = truth.filter((c) => c.malformed === null);
      assert.deepEqual([...loaded.keys()].sort(), valid.map((c) => c.conversationId).sort());
      for (const c of valid) {
        const expected = parts
          .filter((p) => Date.parse(c.start) < p.end && Date.parse(c.end) > p.start)
          .map((p) => p.start);
        assert.deepEqual(loaded.get(c.conversationId), expected, c.conversationId);
      }
    });

    await t.test('the next backfill and the status report see the whole range as done', async () => {
      const second = await backfill();
      assert.equal(second.windowsExtracted, 0);
      assert.equal(second.windowsSkipped, windows.length);
      const warehouse = await openDuckdbWarehouse(config.warehousePath);
      try {
        const report = await warehouse.ledger.report();
        const conversations = report.streams.find((s) => s.stream === 'conversations');
        assert.ok(conversations !== undefined);
        assert.equal(conversations.windows.succeeded, parts.length);
        assert.equal(conversations.lastCompletedWindow?.end, windows.at(-1)?.end);
        assert.deepEqual(
          [conversations.windows.failed, conversations.windows.interrupted, conversations.windows.running],
          [0, 0, 0],
        );
      } finally {
        await warehouse.close();
      }
    });
  },
);
