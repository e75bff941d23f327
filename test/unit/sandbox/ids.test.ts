import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deterministicUuid } from '../../../sandbox/generator/ids.ts';
import { conversationIdOf, indexOfConversationId } from '../../../sandbox/index.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('are deterministic UUID v4 shapes', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = deterministicUuid(7, 'participant', i, i % 5);
      assert.match(id, UUID_V4);
      ids.add(id);
    }
    assert.equal(ids.size, 2000);
    assert.equal(deterministicUuid(7, 'x', 3), deterministicUuid(7, 'x', 3));
    assert.notEqual(deterministicUuid(7, 'x', 3), deterministicUuid(8, 'x', 3));
  });

  it('map conversation ids back to their index', () => {
    for (const index of [0, 1, 41_999, 999_999, 2 ** 40]) {
      const id = conversationIdOf(99, index);
      assert.match(id, UUID_V4);
      assert.equal(indexOfConversationId(99, id), index);
      assert.equal(indexOfConversationId(99, id.toUpperCase()), index);
    }
  });

  it('reject ids this seed did not produce', () => {
    assert.equal(indexOfConversationId(99, conversationIdOf(100, 5)), null);
    assert.equal(indexOfConversationId(99, '6f1c7c1e-0000-4000-8000-000000000005'), null);
    assert.equal(indexOfConversationId(99, 'not-a-uuid'), null);
  });
});
