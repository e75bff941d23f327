import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heapFlags, hasOwnHeapLimit } from '../../../../scripts/heap-limit.ts';
import { memoryGrowth } from '../../../../scripts/bench/memory.ts';

describe('bench memory figures and heap flags', () => {
  it('growth is the last window peak over the first, minus 1', () => {
    assert.equal(memoryGrowth([400, 420, 440]), 0.1);
    assert.equal(memoryGrowth([500, 450]), -0.1);
    assert.equal(memoryGrowth([480]), 0);
    assert.equal(memoryGrowth([]), 0);
  });

  it('heap flags follow the limits; 0 means none', () => {
    assert.deepEqual(heapFlags({ maxOldSpaceMb: 192, maxSemiSpaceMb: 8 }), [
      '--max-old-space-size=192',
      '--max-semi-space-size=8',
    ]);
    assert.deepEqual(heapFlags({ maxOldSpaceMb: 0, maxSemiSpaceMb: 8 }), []);
  });

  it("a caller's own old-space limit is recognised on the command line and in NODE_OPTIONS", () => {
    assert.equal(hasOwnHeapLimit(['--max-old-space-size=300'], undefined), true);
    assert.equal(hasOwnHeapLimit([], '--inspect --max_old_space_size=300'), true);
    assert.equal(hasOwnHeapLimit(['--max-semi-space-size=8'], '--stack-trace-limit=50'), false);
    assert.equal(hasOwnHeapLimit([], undefined), false);
  });
});
