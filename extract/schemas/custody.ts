/**
 * Custody evidence and recording lifecycle (genesys-api.md §2–§6): the retention query,
 * recording bulk jobs, deletion protection, quality and org audit events, data actions.
 * Loose objects, like every schema here: unknown fields pass through to the raw payload.
 */
import { z } from 'zod';
import { entityRef, id, isoTimestamp } from './common.ts';

export const retentionEntitySchema = z.looseObject({
  recordingId: id,
  conversationId: z.string().optional(),
  archiveDate: isoTimestamp.nullish(),
  archiveMedium: z.string().nullish(),
  deleteDate: isoTimestamp.nullish(),
  exportDate: isoTimestamp.nullish(),
  exportedDate: isoTimestamp.nullish(),
  creationTime: isoTimestamp.nullish(),
});

/** Cursor listings (retention query, audit results): the cursor, or a nextUri carrying it, is absent on the last page. */
export const cursorPageSchema = z.looseObject({
  entities: z.array(z.unknown()).optional(),
  cursor: z.string().nullish(),
  nextUri: z.string().nullish(),
});

export const recordingJobSchema = z.looseObject({
  id,
  state: z.string(),
  recordingJobsQuery: z
    .looseObject({
      action: z.string().optional(),
      actionDate: isoTimestamp.nullish(),
      integrationId: z.string().nullish(),
    })
    .optional(),
  dateCreated: isoTimestamp.optional(),
  totalConversations: z.number().int().optional(),
  totalRecordings: z.number().int().optional(),
  totalSkippedRecordings: z.number().int().optional(),
  totalFailedRecordings: z.number().int().optional(),
  totalProcessedRecordings: z.number().int().optional(),
  percentProgress: z.number().optional(),
  errorMessage: z.string().nullish(),
  user: entityRef.optional(),
});

export const failedRecordingSchema = z.looseObject({
  conversation: entityRef.optional(),
  recording: entityRef,
});

/** The protection lookup answers with the protected conversations among those asked about. */
export const protectedConversationsSchema = z.array(z.looseObject({ id })).optional();

export const auditTransactionSchema = z.looseObject({
  id,
  state: z.enum(['Queued', 'Running', 'Succeeded', 'Failed', 'Cancelled']),
});

const auditUser = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

/** Fields the quality conversation audit and the org audit messages share. */
const auditEventFields = {
  id,
  eventDate: isoTimestamp,
  serviceName: z.string().optional(),
  action: z.string(),
  entityType: z.string().optional(),
  entity: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
  user: auditUser.optional(),
  level: z.string().optional(),
  status: z.string().optional(),
};

export const orgAuditEventSchema = z.looseObject({
  ...auditEventFields,
  propertyChanges: z
    .array(
      z.looseObject({
        property: z.string().optional(),
        oldValues: z.array(z.unknown()).nullish(),
        newValues: z.array(z.unknown()).nullish(),
      }),
    )
    .nullish(),
});

export const qualityAuditEventSchema = z.looseObject({
  ...auditEventFields,
  client: z.looseObject({ id: z.string().optional() }).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

export const dataActionSchema = z.looseObject({
  id,
  name: z.string(),
  integrationId: z.string().optional(),
  category: z.string().optional(),
  config: z.looseObject({ timeoutSeconds: z.number().int().optional() }).optional(),
});

const aggregateStat = z.looseObject({ count: z.number().optional() });

export const actionAggregatesSchema = z.looseObject({
  results: z
    .array(
      z.looseObject({
        group: z.record(z.string(), z.string()).optional(),
        data: z
          .array(
            z.looseObject({
              interval: z.string(),
              metrics: z.array(z.looseObject({ metric: z.string(), stats: aggregateStat.optional() })).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export type RetentionEntity = z.infer<typeof retentionEntitySchema>;
export type RecordingJob = z.infer<typeof recordingJobSchema>;
export type QualityAuditEvent = z.infer<typeof qualityAuditEventSchema>;
export type OrgAuditEvent = z.infer<typeof orgAuditEventSchema>;
export type DataAction = z.infer<typeof dataActionSchema>;
export type ActionAggregates = z.infer<typeof actionAggregatesSchema>;
