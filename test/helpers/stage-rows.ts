/** A window's lineage and a minimal conversation row, for tests that write the stage directly. */
import type { Row } from '../../contract/tables.ts';

export const lineage = {
  extractedAt: '2026-11-03T01:00:00.000Z',
  windowStart: '2026-11-02T00:00:00.000Z',
  windowEnd: '2026-11-03T00:00:00.000Z',
};

/** A conversation row of that window; `rawPayload` sets the raw_payload column (e.g. to pad a row). */
export const conversationRow = (id: string, rawPayload = '{}'): Row<'conversations'> => ({
  conversation_id: id,
  conversation_start: '2026-11-02T09:00:00.000Z',
  conversation_end: null,
  originating_direction: 'inbound',
  division_ids: '["d1"]',
  external_tag: null,
  media_stats_min_conversation_mos: 4.2,
  raw_payload: rawPayload,
});
