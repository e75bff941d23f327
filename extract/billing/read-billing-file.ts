/**
 * Reads finance's billing CSV (columns in billing-line.ts) as batches, like an extractor: every
 * line is counted as received, then either becomes a row of `billed_interactions` or a
 * quarantine row naming its line and what is wrong with it. Nothing is dropped but blank lines.
 * Problems with the file as a whole (missing, not UTF-8, not the documented header) are an
 * InputFileError before anything is yielded.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Batch } from '../../contract/batch.ts';
import { InputFileError } from '../../contract/errors.ts';
import type { Row } from '../../contract/tables.ts';
import { describeIssues, quarantineRow } from '../validate.ts';
import { billingColumns, billingLineSchema, billingRow, type BillingSource } from './billing-line.ts';
import { csvRecords, type CsvRecord } from './csv-records.ts';

const expectedHeader = billingColumns.join(',');

/** The file's size and sha256, once it is known to exist and to be UTF-8 text. */
export interface BillingFileFacts {
  readonly sha256: string;
  readonly bytes: number;
}

/** Checks that `path` is a readable UTF-8 file and hashes it (the load is keyed on the hash). */
export async function inspectBillingFile(path: string): Promise<BillingFileFacts> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new InputFileError(`No billing file at ${path}: check the path.`);
  if (!info.isFile()) throw new InputFileError(`${path} is not a file: give the path of a billing CSV file.`);
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      if (
        offset === 0 &&
        bytes.length >= 2 &&
        ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      ) {
        throw new InputFileError(
          `${path} is UTF-16 text; the billing file must be UTF-8. Save it as "CSV UTF-8 (comma delimited)" and load it again.`,
        );
      }
      hash.update(bytes);
      decoder.decode(bytes, { stream: true });
      offset += bytes.length;
    }
    decoder.decode();
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if (error instanceof TypeError) {
      throw new InputFileError(
        `${path} is not valid UTF-8 (near byte ${offset}); it may be Latin-1 or Windows-1252. ` +
          'Save it as "CSV UTF-8 (comma delimited)" and load it again. Nothing was loaded.',
        { cause: error },
      );
    }
    throw new InputFileError(`Cannot read ${path}: ${String(error)}`, { cause: error });
  }
  return { sha256: hash.digest('hex'), bytes: offset };
}

/** The column order of the file's header, or an InputFileError saying what is wrong with it. */
export function headerColumns(record: CsvRecord | undefined, path: string): string[] {
  const fix = `The first line must name the columns ${expectedHeader} (any order, comma-separated).`;
  if (record === undefined || record.raw.trim() === '') throw new InputFileError(`${path} is empty. ${fix}`);
  const names = record.fields.map((name) => name.trim().toLowerCase());
  if (names.length === 1) {
    const separator = [';', '\t', '|'].find((candidate) => record.raw.includes(candidate));
    if (separator !== undefined) {
      throw new InputFileError(
        `${path} is separated by ${separator === '\t' ? 'tabs' : `"${separator}"`}, not commas. ${fix}`,
      );
    }
  }
  const missing = billingColumns.filter((column) => !names.includes(column));
  const unexpected = names.filter((name) => !(billingColumns as readonly string[]).includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length > 0 || unexpected.length > 0 || repeated.length > 0) {
    const problems = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unexpected.length > 0 ? `unexpected ${unexpected.map((name) => `"${name}"`).join(', ')}` : '',
      repeated.length > 0 ? `repeated ${repeated.join(', ')}` : '',
    ].filter((problem) => problem !== '');
    throw new InputFileError(`${path} does not have the billing header (${problems.join('; ')}). ${fix}`);
  }
  return names;
}

async function* decodedChunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(path)) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

export interface ReadBillingOptions {
  readonly source: BillingSource;
  /** When the file is read (lineage `_extracted_at`). */
  readonly readAt: string;
  /** Lines per batch. */
  readonly batchSize?: number;
}

/** The file's lines as batches of the `billed_interactions` stream. Call inspectBillingFile first. */
export async function* readBillingFile(path: string, options: ReadBillingOptions): AsyncGenerator<Batch> {
  const { source, readAt, batchSize = 5_000 } = options;
  const records = csvRecords(decodedChunks(path));
  const first = await records.next();
  const columns = headerColumns(first.done === true ? undefined : first.value, path);
  const seen = new Map<string, number>();
  let rows: Row<'billed_interactions'>[] = [];
  let quarantined: Row<'quarantine'>[] = [];
  let received = 0;
  const reject = (record: CsvRecord, reason: string): void => {
    quarantined.push(
      quarantineRow(`billed_interactions`, `${source.fileName}:${record.line}`, `line ${record.line}: ${reason}`, {
        file: source.fileName,
        sha256: source.sha256,
        line: record.line,
        text: record.raw,
      }),
    );
  };
  const batch = (): Batch => {
    const out: Batch = {
      stream: 'billed_interactions',
      received,
      rows: { billed_interactions: rows },
      quarantined,
      extractedAt: readAt,
    };
    rows = [];
    quarantined = [];
    received = 0;
    return out;
  };

  for await (const record of records) {
    if (record.raw.trim() === '' && record.fields.length === 1) continue;
    received += 1;
    if (record.unterminatedQuote) {
      reject(record, 'a quoted field is not closed (a " is missing)');
    } else if (record.strayAfterQuote) {
      reject(record, 'characters after the closing quote of a field');
    } else if (record.fields.length !== columns.length) {
      reject(record, `expected ${columns.length} fields (${columns.join(',')}), found ${record.fields.length}`);
    } else {
      const parsed = billingLineSchema.safeParse(
        Object.fromEntries(columns.map((name, i) => [name, record.fields[i]])),
      );
      if (!parsed.success) {
        reject(record, describeIssues(parsed.error));
      } else {
        const key = `${parsed.data.invoice_id}\u0000${parsed.data.conversation_id}`;
        const earlier = seen.get(key);
        if (earlier === undefined) {
          seen.set(key, record.line);
          rows.push(billingRow(parsed.data, source, record.line));
        } else {
          reject(record, `duplicate of line ${earlier} (same invoice_id and conversation_id)`);
        }
      }
    }
    if (received >= batchSize) yield batch();
  }
  if (received > 0) yield batch();
}
