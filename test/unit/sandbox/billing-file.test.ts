/** The sandbox's billing file: deterministic, drawn from the scenario, with every anomaly a reconciliation must show. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  billingFile,
  BILLING_HEADER,
  groundTruth,
  loadScenario,
  MALFORMED_BILLING_KINDS,
} from '../../../sandbox/index.ts';

test('the small scenario billing file: deterministic, every anomaly, three currencies', async () => {
  const scenario = await loadScenario('small');
  const file = billingFile(scenario);
  assert.equal(billingFile(scenario).csv, file.csv, 'the same scenario gives the same file');
  const [header, ...lines] = file.csv.trimEnd().split('\n');
  assert.equal(header, BILLING_HEADER);
  assert.deepEqual(
    lines,
    file.lines.map((line) => line.text),
  );
  assert.deepEqual(
    file.lines.map((line) => line.line),
    file.lines.map((_, i) => i + 2),
  );

  const truth = new Map(groundTruth(scenario).map((conversation) => [conversation.conversationId, conversation]));
  const kinds = new Set(file.lines.map((line) => line.kind));
  for (const kind of MALFORMED_BILLING_KINDS) assert.ok(kinds.has(kind), `a ${kind} line`);
  const billed = file.lines.filter((line) => line.kind === 'billed');
  const unknown = file.lines.filter((line) => line.kind === 'unknown_conversation');
  assert.ok(unknown.length >= 2 && unknown.every((line) => !truth.has(line.conversationId)), 'ids that do not exist');
  assert.ok(
    billed.every((line) => truth.get(line.conversationId)?.malformed === null),
    'billed ids exist',
  );
  assert.deepEqual([...new Set(billed.map((line) => line.currency))].sort(), ['EUR', 'SEK', 'USD']);

  const billedIds = new Set(billed.map((line) => line.conversationId));
  const failed = billed.filter((line) =>
    truth.get(line.conversationId)?.agents.some((agent) => agent.screen === 'error' || agent.audio === 'error'),
  );
  const handledNotBilled = [...truth.values()].filter(
    (conversation) =>
      conversation.handled && conversation.malformed === null && !billedIds.has(conversation.conversationId),
  );
  assert.ok(failed.length > 0, 'some billed conversations have a failed recording');
  assert.ok(handledNotBilled.length > 0, 'some handled conversations are not billed');
  const duplicate = file.lines.find((line) => line.kind === 'duplicate');
  const original = file.lines.find((line) => line.kind === 'billed' && line.text === duplicate?.text);
  assert.ok(
    original !== undefined && duplicate !== undefined && original.line < duplicate.line,
    'a repeat after its original',
  );
});
