/** pageNumber-style entity listings: {entities, pageSize, pageNumber, total, pageCount, *Uri}. */
import { z } from 'zod';
import { parseQuery } from './query.ts';

/** Largest pageSize a listing serves; larger requests are clamped, as the page's pageSize shows. */
export const LISTING_PAGE_SIZE_MAX = 500;

const PagingSchema = z.object({
  pageSize: z.coerce.number().int().min(1).default(25),
  pageNumber: z.coerce.number().int().min(1).default(1),
});

export function listingPage(
  entities: readonly unknown[],
  query: URLSearchParams,
  basePath: string,
  extraParams: Readonly<Record<string, string>> = {},
) {
  const paging = parseQuery(PagingSchema, query);
  const pageSize = Math.min(paging.pageSize, LISTING_PAGE_SIZE_MAX);
  const { pageNumber } = paging;
  const total = entities.length;
  const pageCount = Math.ceil(total / pageSize);
  const extra = Object.entries(extraParams)
    .map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('');
  const uri = (n: number): string => `${basePath}?pageSize=${pageSize}&pageNumber=${n}${extra}`;
  return {
    entities: entities.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 && pageNumber <= pageCount ? { previousUri: uri(pageNumber - 1) } : {}),
    lastUri: uri(Math.max(1, pageCount)),
  };
}
