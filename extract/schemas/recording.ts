/** Recording metadata (`GET /conversations/{id}/recordingmetadata`, genesys-api.md §2.2). */
import { z } from 'zod';
import { id, isoTimestamp } from './common.ts';

export const recordingMetadataSchema = z.looseObject({
  id,
  conversationId: z.string().optional(),
  /** Archived stubs come back without a sessionId. */
  sessionId: z.string().optional(),
  media: z.string().optional(),
  mediaSubtype: z.string().optional(),
  fileState: z.enum(['ARCHIVED', 'AVAILABLE', 'DELETED', 'RESTORED', 'RESTORING', 'UPLOADING', 'ERROR']).optional(),
  startTime: isoTimestamp.nullish(),
  endTime: isoTimestamp.nullish(),
  archiveDate: isoTimestamp.nullish(),
  archiveMedium: z.string().nullish(),
  deleteDate: isoTimestamp.nullish(),
  exportDate: isoTimestamp.nullish(),
  exportedDate: isoTimestamp.nullish(),
  region: z.string().nullish(),
});

export type RecordingMetadata = z.infer<typeof recordingMetadataSchema>;

/** The endpoint returns a bare array; an empty 202 reaches us as undefined. */
export const recordingMetadataListSchema = z.array(z.unknown()).optional();
