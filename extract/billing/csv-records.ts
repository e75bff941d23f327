/**
 * A streaming CSV reader (RFC 4180): comma-separated fields, optionally in double quotes, `""`
 * for a quote inside quotes, records ending in LF or CRLF, line breaks allowed inside quotes.
 * It never holds more than one record; each record keeps the line it starts on and its raw text,
 * so a rejected record can be quarantined as it was written.
 */

export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  readonly line: number;
  readonly fields: readonly string[];
  /** The record as written, without its line break. */
  readonly raw: string;
  /** A quoted field was still open at the end of the file. */
  readonly unterminatedQuote: boolean;
  /** Characters after a closing quote and before the next comma (`"a"b`). */
  readonly strayAfterQuote: boolean;
}

/** The records of CSV text arriving in chunks (already decoded). A last empty line is not a record. */
export async function* csvRecords(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let raw = '';
  let inQuotes = false;
  let afterQuote = false;
  let stray = false;
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;

  const finish = (unterminatedQuote: boolean): CsvRecord => {
    fields.push(field);
    const record = { line: recordLine, fields, raw, unterminatedQuote, strayAfterQuote: stray };
    fields = [];
    field = '';
    raw = '';
    afterQuote = false;
    stray = false;
    return record;
  };

  for await (const chunk of chunks) {
    for (const char of chunk) {
      if (pendingCr) {
        pendingCr = false;
        if (char === '\n') continue;
      }
      if (inQuotes) {
        if (char === '"') {
          inQuotes = false;
          afterQuote = true;
        } else {
          field += char;
          if (char === '\n') line += 1;
        }
        raw += char;
        continue;
      }
      if (char === '\n' || char === '\r') {
        yield finish(false);
        line += 1;
        recordLine = line;
        pendingCr = char === '\r';
        continue;
      }
      raw += char;
      if (char === '"') {
        if (afterQuote) {
          // `""` inside a quoted field: a literal quote, and the field is still open.
          field += '"';
          inQuotes = true;
          afterQuote = false;
        } else if (field === '') {
          inQuotes = true;
        } else {
          field += char;
        }
      } else if (char === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else {
        if (afterQuote) stray = true;
        field += char;
      }
    }
  }
  if (inQuotes || raw !== '' || fields.length > 0) yield finish(inQuotes);
}
