/**
 * Analytics conversation-detail payloads (genesys-api.md §1). Objects are loose: unknown
 * fields pass through to the raw payload column, so schema drift is visible, not fatal. Only
 * the fields the rows use are modelled, and only the ones we cannot do without are required.
 */
import { z } from 'zod';
import { id, isoTimestamp } from './common.ts';

/*
 * The enums that decide whether a session is in the compliance scope (an agent's voice
 * session, its interact segments) are closed, with the documented values (genesys-api.md §1):
 * a value outside them quarantines the conversation with the reason naming the field, rather
 * than letting the session silently fall out of the marts. originatingDirection stays open:
 * an unknown direction is kept and flagged (the marts count it as policy_undetermined).
 */
export const PARTICIPANT_PURPOSES = [
  'acd',
  'agent',
  'api',
  'botflow',
  'campaign',
  'customer',
  'dialer',
  'external',
  'fax',
  'group',
  'inbound',
  'ivr',
  'manual',
  'outbound',
  'station',
  'user',
  'voicemail',
  'voicesurveyflow',
  'workflow',
] as const;

export const SESSION_MEDIA_TYPES = [
  'callback',
  'chat',
  'cobrowse',
  'email',
  'internalmessage',
  'message',
  'screenmonitoring',
  'screenshare',
  'unknown',
  'video',
  'voice',
] as const;

export const SEGMENT_TYPES = [
  'alert',
  'barging',
  'callback',
  'coaching',
  'contacting',
  'converting',
  'delay',
  'dialing',
  'hold',
  'interact',
  'ivr',
  'monitoring',
  'parked',
  'scheduled',
  'sharing',
  'system',
  'transmitting',
  'unknown',
  'uploading',
  'voicemail',
  'wrapup',
] as const;

export const segmentSchema = z.looseObject({
  segmentStart: isoTimestamp,
  segmentEnd: isoTimestamp.optional(),
  segmentType: z.enum(SEGMENT_TYPES).optional(),
  queueId: z.string().optional(),
  wrapUpCode: z.string().optional(),
  requestedLanguageId: z.string().optional(),
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
  mediaType: z.enum(SESSION_MEDIA_TYPES),
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
  purpose: z.enum(PARTICIPANT_PURPOSES),
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
