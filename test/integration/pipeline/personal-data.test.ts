/**
 * Personal data in a drifted API: the sandbox adds a phone number and an e-mail address (as
 * strings, a number and a URL-encoded link) to the customer participant and session of some
 * conversations, plus flow attributes holding them; some of those conversations are also
 * malformed, so they land in quarantine. After a run, every column of every table of the
 * warehouse is read as text and searched for those values and for every customer's ANI, in
 * their common spellings: none may be there in clear. Positive controls show the search finds
 * what is kept in clear (allow-listed attributes, conversation ids, drifted field names).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ATTRIBUTE_NAMES,
  DRIFTED_PERSONAL_DATA,
  groundTruth,
  loadScenario,
  parseScenario,
  planConversation,
} from '../../../sandbox/index.ts';
import { extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const key = 'personal-data-test-key';

interface Hit {
  readonly table: string;
  readonly column: string;
  readonly needle: string;
}

/** Every (table, column, needle) where some value of the column, cast to text, contains the needle. */
async function findInWarehouse(path: string, needles: readonly string[]): Promise<Hit[]> {
  const columns = await queryRows(
    path,
    `select table_name, column_name from information_schema.columns
     where table_schema = 'main' order by table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const row of columns) {
    const table = String(row['table_name']);
    byTable.set(table, [...(byTable.get(table) ?? []), String(row['column_name'])]);
  }
  const lowered = needles.map((needle) => needle.toLowerCase());
  const hits = new Map<string, Hit>();
  for (const [table, names] of byTable) {
    const select = names.map((name) => `cast("${name}" as varchar) as "${name}"`).join(', ');
    for (const row of await queryRows(path, `select ${select} from "${table}"`)) {
      for (const column of names) {
        const value = row[column];
        if (typeof value !== 'string') continue;
        const text = value.toLowerCase();
        lowered.forEach((needle, index) => {
          const hit = { table, column, needle: needles[index] ?? needle };
          if (text.includes(needle)) hits.set(`${table}.${column}:${needle}`, hit);
        });
      }
    }
  }
  return [...hits.values()];
}

/** A phone number's spellings: E.164 with and without tel:+, digits only, national (0…), without the country code. */
const phoneNeedles = (phone: string): string[] => {
  const digits = phone.replace(/\D/g, '');
  return [phone, `+${digits}`, digits, `0${digits.slice(2)}`, digits.slice(2)];
};

/** An e-mail address's spellings: as is, with '@' URL-encoded, and its local part. */
const emailNeedles = (email: string): string[] => [email, email.replace('@', '%40'), email.split('@')[0] ?? email];

test(
  'no phone number or e-mail address of a drifted payload reaches any warehouse column in clear',
  { timeout: 300_000 },
  async (t) => {
    const scenario = parseScenario({
      ...(await loadScenario('small')),
      days: 1,
      schemaDriftRate: 0.5,
      malformedRate: 0.2,
      malformedKinds: ['wrong_type', 'local_timestamp', 'missing_field'],
    });
    const workspace = await sandboxWorkspace(t, scenario, { env: { PSEUDONYMISATION_KEY: key } });
    const { config } = workspace;
    await extractScenario(workspace);
    const warehouse = config.warehousePath;
    const truth = groundTruth(scenario).filter((c) => c.index < scenario.callsPerDay);
    const drifted = truth.filter((c) => c.schemaDrift);
    const driftedValid = drifted.filter((c) => c.malformed === null);
    const driftedMalformed = drifted.filter((c) => c.malformed !== null);
    assert.ok(driftedValid.length > 10 && driftedMalformed.length > 3, 'the scenario exercises both paths');

    await t.test('the drifted phone number, e-mail address and every customer ANI are nowhere in clear', async () => {
      const anis = truth.map((c) => planConversation(scenario, c.index).customer.ani);
      const needles = [
        ...phoneNeedles(DRIFTED_PERSONAL_DATA.phone),
        ...emailNeedles(DRIFTED_PERSONAL_DATA.email),
        ...anis.flatMap(phoneNeedles),
      ];
      assert.deepEqual(await findInWarehouse(warehouse, needles), []);
    });

    await t.test('positive control: the search finds what is kept in clear', async () => {
      const [first] = driftedValid;
      assert.ok(first !== undefined);
      const hits = await findInWarehouse(warehouse, [first.conversationId, 'customerMobile', 'Customer_Email']);
      const where = new Set(hits.map((hit) => `${hit.table}.${hit.column}:${hit.needle}`));
      for (const expected of [
        `raw_genesys__conversations.conversation_id:${first.conversationId}`,
        'raw_genesys__conversations.raw_payload:customerMobile',
        'raw_genesys__participant_attributes.attribute_name:Customer_Email',
        'etl_quarantine.raw_payload:customerMobile',
      ]) {
        assert.ok(where.has(expected), `${expected} found (hits: ${[...where].join(', ')})`);
      }
    });

    await t.test('allow-listed attributes arrive in clear, the others hashed', async () => {
      const rows = await queryRows(
        warehouse,
        `select conversation_id, attribute_name, attribute_value from raw_genesys__participant_attributes`,
      );
      const value = (conversationId: string, name: string): unknown =>
        rows.find((r) => r['conversation_id'] === conversationId && r['attribute_name'] === name)?.['attribute_value'];
      for (const c of driftedValid) {
        assert.equal(
          value(c.conversationId, ATTRIBUTE_NAMES.screenPopResult),
          c.dataActionTimedOut ? 'timeout' : 'success',
        );
        assert.equal(
          value(c.conversationId, ATTRIBUTE_NAMES.screenPopHttpStatus),
          c.dataActionTimedOut ? '408' : '200',
        );
        for (const name of ['Customer_Email', 'Customer_Mobile', ATTRIBUTE_NAMES.language]) {
          assert.match(String(value(c.conversationId, name)), /^hmac:[0-9a-f]{32}$/, `${c.conversationId} ${name}`);
        }
      }
    });

    await t.test(
      'malformed drifted conversations are quarantined under their key (the search above covers their payload)',
      async () => {
        const quarantined = await queryRows(
          warehouse,
          `select record_key, raw_payload from etl_quarantine where stream = 'conversations'`,
        );
        const keys = new Set(quarantined.map((r) => r['record_key']));
        for (const c of driftedMalformed) assert.ok(keys.has(c.conversationId), c.conversationId);
      },
    );
  },
);
