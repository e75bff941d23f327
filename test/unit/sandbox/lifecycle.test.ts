import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditEventIds, groundTruth, loadScenario } from '../../../sandbox/index.ts';

describe('recording lifecycle and audit events', () => {
  it('gives deterministic, unique audit event ids that the ground truth enumerates', async () => {
    const s = await loadScenario('custody');
    const asOf = s.expected?.['asOfEpochMs'] ?? 0;
    const ids = auditEventIds(s, { now: asOf });
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(auditEventIds(s, { now: asOf }), ids);
    const fromTruth = groundTruth(s, 0, undefined, { now: asOf })
      .flatMap((t) => t.recordings.flatMap((r) => r.auditEvents.map((e) => e.id)))
      .sort();
    assert.deepEqual(fromTruth, ids);
    // Earlier, fewer events have happened; every earlier id is still there later.
    const earlier = auditEventIds(s, { now: asOf - 60 * 86_400_000 });
    assert.ok(earlier.length < ids.length);
    const later = new Set(ids);
    assert.ok(earlier.every((id) => later.has(id)));
  });

  it('never deletes a recording while its conversation is protected', async () => {
    const s = await loadScenario('custody');
    const now = Date.parse('2027-12-01T00:00:00.000Z');
    for (const t of groundTruth(s, 0, undefined, { now })) {
      for (const r of t.recordings) {
        if (r.protected) assert.notEqual(r.fileState, 'DELETED', r.recordingId);
        const actions = r.auditEvents.map((e) => e.action);
        assert.equal(actions[0], 'Create');
        if (r.fileState === 'DELETED') assert.equal(actions.at(-1), 'Delete');
        if (r.exportOutcome === 'never') assert.ok(!actions.includes('Export'));
      }
    }
  });
});
