import { z } from 'zod';

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`: already the normal form. */
const normalForm = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * UTC with milliseconds. A value the datetime check passed (a real calendar date and time) that
 * is in the normal form already is returned as it is: parsing and printing it gives it back. This
 * runs for every timestamp of every record, most of which are in the normal form.
 */
export function normaliseTimestamp(value: string): string {
  return normalForm.test(value) ? value : new Date(value).toISOString();
}

/**
 * A UTC (or offset) ISO-8601 timestamp. Genesys always sends a zone; a local time without one
 * is a defect we quarantine rather than guess at. Any fraction length is accepted, none
 * included: the published samples carry 2 and 3 digits, and the audit APIs send none
 * (`2024-11-21T04:59:22Z`). Parsed values are normalised to UTC with milliseconds
 * (`2024-11-21T04:59:22.000Z`), the form every row column holds.
 */
export const isoTimestamp = z.iso.datetime({ offset: true }).transform(normaliseTimestamp);

/** Ids are opaque strings: published (redacted) payloads carry ids that are not UUIDs. */
export const id = z.string().min(1);

/** `{id, name?, selfUri?}` references to other entities. */
export const entityRef = z.looseObject({ id, name: z.string().optional(), selfUri: z.string().optional() });

/** The pageNumber-style listing Genesys uses for users, queues, divisions and policies. */
export const entityListing = <T extends z.ZodType>(entity: T) =>
  z.looseObject({
    entities: z.array(entity).optional(),
    pageSize: z.number().int().optional(),
    pageNumber: z.number().int().optional(),
    total: z.number().int().optional(),
    pageCount: z.number().int().optional(),
    nextUri: z.string().nullish(),
  });
