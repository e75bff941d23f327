import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPolicy, createPseudonymiser, hashLeaves, type FieldPolicy } from '../../../extract/pseudonymise.ts';

const hash = createPseudonymiser('a-test-key-of-sufficient-length');

test('hashes are stable under one key and differ under another', () => {
  assert.equal(hash('tel:+4930123'), hash('tel:+4930123'));
  assert.notEqual(hash('tel:+4930123'), createPseudonymiser('another-key-of-enough-length')('tel:+4930123'));
  assert.match(hash('x'), /^hmac:[0-9a-f]{32}$/);
});

test('a null key disables pseudonymisation', () => {
  assert.equal(createPseudonymiser(null)('tel:+49'), 'tel:+49');
});

test('hashLeaves hashes strings and numbers, keeps keys, booleans and nulls', () => {
  assert.deepEqual(hashLeaves({ a: 'x', b: [4915112345678, true, null], c: { d: 'y' } }, hash), {
    a: hash('x'),
    b: [hash('4915112345678'), true, null],
    c: { d: hash('y') },
  });
});

const policy: FieldPolicy = {
  keep: new Set(['id', 'tags', 'when']),
  nested: { items: { keep: new Set(['id']) } },
  maps: { attributes: new Set(['Allowed']) },
};

test('a closed object keeps only allow-listed fields in clear; known and unknown others are hashed', () => {
  const safe = applyPolicy(
    {
      id: 'c1',
      tags: ['a', 'b'],
      when: null,
      ani: 'tel:+491',
      driftedMobile: 'tel:+492',
      driftedContact: { email: 'a@example.org', msisdn: 492 },
      items: [{ id: 'i1', name: 'Jane' }, 'not an object'],
      attributes: { Allowed: 'success', Other: 'a@example.org', Count: 3, Nested: { x: 'y' } },
    },
    policy,
    hash,
  );
  assert.deepEqual(safe, {
    id: 'c1',
    tags: ['a', 'b'],
    when: null,
    ani: hash('tel:+491'),
    driftedMobile: hash('tel:+492'),
    driftedContact: { email: hash('a@example.org'), msisdn: hash('492') },
    items: [{ id: 'i1', name: hash('Jane') }, hash('not an object')],
    attributes: { Allowed: 'success', Other: hash('a@example.org'), Count: hash('3'), Nested: { x: hash('y') } },
  });
});

test('a kept field of an unexpected shape, or a nested field that is not an object, is hashed', () => {
  const safe = applyPolicy(
    { id: { phone: 'tel:+491' }, items: JSON.stringify([{ ani: 'tel:+492' }]), attributes: 'tel:+493' },
    policy,
    hash,
  ) as Record<string, unknown>;
  assert.doesNotMatch(JSON.stringify(safe), /tel:/);
  assert.deepEqual(safe['id'], { phone: hash('tel:+491') });
});

test('a record that is not an object at all is hashed whole by a closed policy, left alone by an open one', () => {
  assert.equal(applyPolicy('tel:+491', policy, hash), hash('tel:+491'));
  assert.equal(applyPolicy(null, policy, hash), null);
  assert.equal(applyPolicy('x', { open: true }, hash), 'x');
});

test('an open object keeps unknown fields; its hash and nested fields still apply', () => {
  const open: FieldPolicy = { open: true, hash: new Set(['remoteIp']), nested: { user: { keep: new Set(['id']) } } };
  assert.deepEqual(
    applyPolicy({ action: 'Read', remoteIp: ['203.0.113.9'], user: { id: 'u1', name: 'Jane' }, extra: 1 }, open, hash),
    { action: 'Read', remoteIp: [hash('203.0.113.9')], user: { id: 'u1', name: hash('Jane') }, extra: 1 },
  );
});

test('the hash is HMAC-SHA-256 (first 32 hex digits), for short, block-sized and long keys, repeated values too', () => {
  for (const key of ['k', 'x'.repeat(64), 'é'.repeat(70)]) {
    const pseudonymise = createPseudonymiser(key);
    for (const value of ['', '+15551234567', 'ünïcode', 'a'.repeat(300)]) {
      const expected = `hmac:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
      assert.equal(pseudonymise(value), expected);
      assert.equal(pseudonymise(value), expected);
    }
  }
});
