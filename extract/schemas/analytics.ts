/**
 * Analytics conversation-detail payloads (genesys-api.md §1). Objects are loose: unknown
 * fields pass through to the raw payload column, so schema drift is visible, not fatal. Only
 * the fields the rows use are modelled, and only the ones we cannot do without are required.
 */
import { z } from 'zod';
import { id, isoTimestamp } from './common.ts';

export const segmentSchema = z.looseObject({
  segmentStart: isoTimestamp,
  segmentEnd: isoTimestamp.optional(),
  segmentType: z.string().optional(),
  queueId: z.string().optional(),
  wrapUpCode: z.string().optional(),
  disconnectType: z.string().optional(),
  errorCode: z.string().optional(),
  conference: z.boolean().optional(),
});

export const flowSchema = z.looseObject({
  flowId: z.string().optional(),
  flowName: z.string().optional(),
  flowVersion: z.string().optional(),
  flowType: z.string().optional(),
  entryType: z.string().optional(),
  exitReason: z.string().optional(),
  transferType: z.string().optional(),
});

export const sessionSchema = z.looseObject({
  sessionId: id,
  mediaType: z.string(),
  direction: z.string().optional(),
  ani: z.string().optional(),
  dnis: z.string().optional(),
  provider: z.string().optional(),
  edgeId: z.string().optional(),
  peerId: z.string().optional(),
  protocolCallId: z.string().optional(),
  selectedAgentId: z.string().optional(),
  recording: z.boolean().optional(),
  snippetRecording: z.boolean().optional(),
  flow: flowSchema.optional(),
  segments: z.array(segmentSchema).optional(),
});

export const participantSchema = z.looseObject({
  participantId: id,
  participantName: z.string().optional(),
  purpose: z.string(),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  externalContactId: z.string().optional(),
  flaggedReason: z.string().optional(),
  screenRecording: z.boolean().optional(),
  /** Only detail-job results carry attributes; values are strings (cut to 1024 characters). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  sessions: z.array(sessionSchema).optional(),
});

export const conversationSchema = z.looseObject({
  conversationId: id,
  conversationStart: isoTimestamp,
  conversationEnd: isoTimestamp.optional(),
  originatingDirection: z.string().optional(),
  divisionIds: z.array(z.string()).optional(),
  externalTag: z.string().optional(),
  mediaStatsMinConversationMos: z.number().optional(),
  participants: z.array(participantSchema).optional(),
});

export type Conversation = z.infer<typeof conversationSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type Session = z.infer<typeof sessionSchema>;

/** The page envelope; each conversation in it is validated on its own so one bad record cannot sink the page. */
export const jobResultsPageSchema = z.looseObject({
  conversations: z.array(z.unknown()).optional(),
  cursor: z.string().optional(),
  dataAvailabilityDate: isoTimestamp.optional(),
});

export const jobCreatedSchema = z.looseObject({ jobId: id });

export const jobStatusSchema = z.looseObject({
  state: z.enum(['QUEUED', 'PENDING', 'FAILED', 'CANCELLED', 'FULFILLED', 'EXPIRED']),
  errorMessage: z.string().optional(),
  expirationDate: isoTimestamp.optional(),
});

export const availabilitySchema = z.looseObject({ dataAvailabilityDate: isoTimestamp });
