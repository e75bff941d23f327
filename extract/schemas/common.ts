import { z } from 'zod';

/**
 * A UTC (or offset) ISO-8601 timestamp. Genesys always sends a zone; a local time without one
 * is a defect we quarantine rather than guess at. Any fraction length is accepted: the
 * published samples carry 2 and 3 digits.
 */
export const isoTimestamp = z.iso.datetime({ offset: true });

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
