import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvRecords, type CsvRecord } from '../../../../extract/billing/csv-records.ts';

async function parse(chunks: string[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(chunks)) out.push(record);
  return out;
}

test('fields, quotes, escaped quotes, CRLF and a line break inside quotes, in any chunking', async () => {
  const text = 'a,b,c\r\n"x, y","say ""hi""",3\n"two\nlines",,z\n';
  const whole = await parse([text]);
  const oneByOne = await parse(Array.from({ length: text.length }, (_, i) => text.charAt(i)));
  assert.deepEqual(oneByOne, whole);
  assert.deepEqual(
    whole.map((record) => [record.line, record.fields]),
    [
      [1, ['a', 'b', 'c']],
      [2, ['x, y', 'say "hi"', '3']],
      [3, ['two\nlines', '', 'z']],
    ],
  );
  assert.equal(whole[1]?.raw, '"x, y","say ""hi""",3');
});

test('the last line needs no line break; a final empty line is not a record', async () => {
  assert.deepEqual(
    (await parse(['a,b\n1,2'])).map((record) => record.fields),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  );
  assert.equal((await parse(['a,b\n'])).length, 1);
});

test('an unclosed quote and characters after a closing quote are flagged', async () => {
  const [open] = await parse(['"abc,d']);
  assert.equal(open?.unterminatedQuote, true);
  const [, stray] = await parse(['h\n"a"b,c\n']);
  assert.equal(stray?.strayAfterQuote, true);
});
