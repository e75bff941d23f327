/**
 * genesys-etl report end to end: the small scenario extracted from the sandbox, dbt build, the
 * report written, then opened in headless Chromium (Debian's, driven by playwright-core) with
 * every non-file request refused. A full-page screenshot is saved (its path is printed); the
 * charts must be there as SVG with marks, and every figure on the page must equal what the test
 * computes itself from the marts' rows (its own queries and arithmetic, not the report's).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { writeReport } from '../../../scripts/commands/report.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { ensureChromium } from '../../helpers/chromium.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const close = (actual: number, expected: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: page ${actual}, marts ${expected}`);
};
const percentText = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The cells of a section's table: each cell's unrounded data-value and its text. */
async function tableCells(page: Page, section: string): Promise<{ value: string; text: string }[][]> {
  const rows = await page.locator(`table[data-section="${section}"] tbody tr`).all();
  return Promise.all(
    rows.map(async (row) =>
      Promise.all(
        (await row.locator('td').all()).map(async (cell) => ({
          value: (await cell.getAttribute('data-value')) ?? '',
          text: (await cell.textContent()) ?? '',
        })),
      ),
    ),
  );
}

test(
  "the report opens offline in Chromium, draws its charts and shows the marts' figures",
  { timeout: 900_000 },
  async (t) => {
    const executablePath = ensureChromium();
    const workspace = await sandboxWorkspace(t, 'small', {
      env: { PSEUDONYMISATION_KEY: 'report-test-key-0123456789' },
    });
    const { config, dir } = workspace;
    await extractScenario(workspace);
    await buildModels({ ...config, orgTimezone: workspace.scenario.orgTimeZone }, quiet);
    const { path } = await writeReport(config, { out: join(dir, 'report.html') });

    // The figures, computed here from the marts' rows.
    const marts = config.dbtSchemas.marts;
    // Per interaction (conversation): compliant when every one of its agent sessions in the fact
    // is, at the local hour it started; each interaction counts once however many queues or
    // agents it touched.
    const sessionRows = await queryRows(
      config.warehousePath,
      `select conversation_id, local_hour::int as h, is_reported_compliant as r, is_verified_compliant as v
         from ${marts}.fct_recording_compliance`,
    );
    const byInteraction = new Map<string, { h: number; r: boolean; v: boolean }>();
    for (const row of sessionRows) {
      const id = String(row['conversation_id']);
      const seen = byInteraction.get(id) ?? { h: Number(row['h']), r: true, v: true };
      byInteraction.set(id, {
        h: Math.min(seen.h, Number(row['h'])),
        r: seen.r && row['r'] === true,
        v: seen.v && row['v'] === true,
      });
    }
    const hours = new Map<number, { n: number; r: number; v: number }>();
    for (const interaction of byInteraction.values()) {
      const hour = hours.get(interaction.h) ?? { n: 0, r: 0, v: 0 };
      hours.set(interaction.h, {
        n: hour.n + 1,
        r: hour.r + (interaction.r ? 1 : 0),
        v: hour.v + (interaction.v ? 1 : 0),
      });
    }
    const total = [...hours.values()].reduce((sum, hour) => ({
      n: sum.n + hour.n,
      r: sum.r + hour.r,
      v: sum.v + hour.v,
    }));
    const peakHour = [...hours.entries()]
      .sort(([a], [b]) => a - b)
      .reduce((best, entry) =>
        (entry[1].r - entry[1].v) / entry[1].n > (best[1].r - best[1].v) / best[1].n ? entry : best,
      )[0];
    // Per interaction, as agg_recording_failure_root_cause counts: one whose agent sessions need a
    // screen recording (policy determined), failed when one of those screens failed, timed out
    // when its flow recorded the data action's timeout.
    const sessions = await queryRows(
      config.warehousePath,
      `select conversation_id, screen_status, data_action_result, data_action_http_status
     from ${marts}.fct_recording_compliance
     where is_screen_required and not is_policy_undetermined and data_action_id is not null`,
    );
    const interactions = new Map<string, { timedOut: boolean; failed: boolean }>();
    for (const row of sessions) {
      const id = String(row['conversation_id']);
      const seen = interactions.get(id) ?? { timedOut: false, failed: false };
      interactions.set(id, {
        timedOut:
          seen.timedOut ||
          String(row['data_action_result']).toLowerCase() === 'timeout' ||
          row['data_action_http_status'] === '408',
        failed: seen.failed || ['failed', 'missing', 'incomplete'].includes(String(row['screen_status'])),
      });
    }
    const segments = new Map<string, { inScope: number; failures: number }>();
    for (const { timedOut, failed } of interactions.values()) {
      for (const segment of ['all', timedOut ? 'with timeout' : 'without timeout']) {
        const counts = segments.get(segment) ?? { inScope: 0, failures: 0 };
        segments.set(segment, { inScope: counts.inScope + 1, failures: counts.failures + (failed ? 1 : 0) });
      }
    }
    const tables = new Set(
      (
        await queryRows(
          config.warehousePath,
          `select table_name from information_schema.tables where table_schema = '${marts}'`,
        )
      ).map((row) => String(row['table_name'])),
    );

    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    t.after(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const outside: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(path).href);
    const screenshotDir = join(tmpdir(), 'genesys-etl-report-test');
    await mkdir(screenshotDir, { recursive: true });
    const screenshot = join(screenshotDir, 'report-small.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    t.diagnostic(`report screenshot: ${screenshot}`);
    process.stdout.write(`report screenshot: ${screenshot}\n`);
    assert.deepEqual(outside, [], 'the report asked for something outside its file');
    assert.equal(await page.locator('script, link[rel=stylesheet], img[src^=http]').count(), 0);

    // Charts: inline SVG with marks, one bar per local hour in the by-hour chart.
    for (const chart of ['byHour', 'failureRate']) {
      const marks = await page.locator(`figure[data-chart="${chart}"] svg .mark-rect.role-mark path`).count();
      assert.ok(marks > 0, `chart ${chart} has no bars`);
    }
    assert.equal(await page.locator('figure[data-chart="byHour"] svg .mark-rect.role-mark path').count(), hours.size);
    assert.equal(
      await page.locator('figure[data-chart="byHour"] svg .mark-text.role-mark text').textContent(),
      'peak gap',
    );
    const box = await page.locator('figure[data-chart="byHour"] svg').boundingBox();
    assert.ok(box !== null && box.width > 300 && box.height > 150, `by-hour chart box ${JSON.stringify(box)}`);

    // Headline.
    const figure = async (name: string) => ({
      value: Number(await page.locator(`[data-figure="${name}"]`).getAttribute('data-value')),
      text: (await page.locator(`[data-figure="${name}"]`).textContent()) ?? '',
    });
    const reported = await figure('reported_compliance_rate');
    const verified = await figure('verified_compliance_rate');
    close(reported.value, total.r / total.n, 'reported compliance');
    close(verified.value, total.v / total.n, 'verified compliance');
    assert.equal(reported.text, percentText(total.r / total.n));
    assert.equal(verified.text, percentText(total.v / total.n));
    assert.equal((await figure('interactions')).value, total.n);
    assert.equal((await figure('peak_local_hour')).value, peakHour);

    // By hour: each row's figures; the peak row is the one marked.
    const hourRows = await tableCells(page, 'byHour');
    assert.equal(hourRows.length, hours.size);
    for (const [hourCell, interactions, reportedCell, verifiedCell] of hourRows) {
      const hour = hours.get(Number(hourCell?.value));
      assert.ok(
        hour !== undefined && interactions !== undefined && reportedCell !== undefined && verifiedCell !== undefined,
      );
      assert.equal(Number(interactions.value), hour.n);
      close(Number(reportedCell.value), hour.r / hour.n, `reported at ${hourCell?.value}`);
      close(Number(verifiedCell.value), hour.v / hour.n, `verified at ${hourCell?.value}`);
      assert.equal(verifiedCell.text, percentText(hour.v / hour.n));
      assert.equal(hourCell?.text.includes('peak gap'), Number(hourCell?.value) === peakHour);
    }

    // Failure rate with and without the data action timeout.
    const failureRows = (await tableCells(page, 'failureRate')).map((row) => row.map((cell) => cell.value));
    assert.deepEqual(
      failureRows.map(([segment, inScope, failures]) => [segment, Number(inScope), Number(failures)]),
      ['all', 'with timeout', 'without timeout']
        .filter((segment) => segments.has(segment))
        .map((segment) => [segment, segments.get(segment)?.inScope, segments.get(segment)?.failures]),
    );
    const withTimeout = segments.get('with timeout');
    const withoutTimeout = segments.get('without timeout');
    assert.ok(withTimeout !== undefined && withoutTimeout !== undefined);
    // The scenario's root cause shows: screens fail far more often when the data action timed out.
    assert.ok(withTimeout.failures / withTimeout.inScope > 2 * (withoutTimeout.failures / withoutTimeout.inScope));

    // Custody and billing: their figures when the marts exist, else the notice naming the mart.
    for (const [section, mart] of [
      ['custody', 'fct_recording_custody'],
      ['billing', 'fct_billing_reconciliation'],
    ] as const) {
      const text = (await page.locator(`section[data-section="${section}"]`).textContent()) ?? '';
      if (tables.has(mart)) {
        assert.ok(
          (await page.locator(`figure[data-chart="${section}"] svg .mark-rect.role-mark path`).count()) > 0,
          section,
        );
        assert.ok(!text.includes('not available'), text);
      } else {
        assert.match(text, new RegExp(`not available: ${marts}\\.${mart} missing`));
      }
    }
    if (tables.has('fct_recording_custody')) {
      const expected = await queryRows(
        config.warehousePath,
        `select custody_verdict as v, count(*)::int as n from ${marts}.fct_recording_custody group by 1`,
      );
      const shown = (await tableCells(page, 'custody')).map((row) => row.map((cell) => cell.value));
      assert.deepEqual(
        new Map(shown.map(([verdict, count]) => [verdict, Number(count)])),
        new Map(expected.map((row) => [String(row['v']), Number(row['n'])])),
      );
    }
    if (tables.has('fct_billing_reconciliation')) {
      const [expected] = await queryRows(
        config.warehousePath,
        `select count(*)::int as n, sum(coalesce(billed_amount, 0))::double as amount from ${marts}.fct_billing_reconciliation`,
      );
      const shown = (await tableCells(page, 'billing')).map((row) => row.map((cell) => Number(cell.value)));
      assert.equal(
        shown.reduce((sum, row) => sum + (row[2] ?? 0), 0),
        Number(expected?.['n']),
      );
      close(
        shown.reduce((sum, row) => sum + (row[4] ?? 0), 0),
        Number(expected?.['amount']),
        'billed amount',
      );
    }
  },
);
