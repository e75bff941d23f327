/**
 * Which fields of the objects that hold personal data are kept in clear (the allow-lists), per
 * payload kind. Everything else in those objects is hashed by applyPolicy (pseudonymise.ts):
 * the known personal fields (ANI, DNIS, addresses, names, e-mail addresses, free text such as
 * wrap-up notes) and any field the API adds later. Field lists follow genesys-api.md §1.5, §2.2,
 * §5 and §7; a field missing here is not lost, only hashed, with its name still readable.
 *
 * Personal-data objects: the analytics conversation and everything under it (participants,
 * sessions, segments, flows, metrics; participant attribute values unless their name is on the
 * configured allow-list, since Architect flows write customer data into attributes), recording
 * metadata (annotations name their user), users, and the user of an audit event or a recording
 * bulk job. Audit events and bulk jobs themselves are about org configuration and stay open.
 */
import { applyPolicy, type FieldPolicy, type Pseudonymiser } from './pseudonymise.ts';

const names = (...list: string[]): ReadonlySet<string> => new Set(list);

/** A reference to a user (audit events, bulk jobs, annotations): the id stays, the name is hashed. */
const userReference: FieldPolicy = { keep: names('id', 'selfUri') };

const segment: FieldPolicy = {
  // Not kept: wrapUpNote and subject (free text), properties[].value.
  keep: names(
    'segmentStart',
    'segmentEnd',
    'segmentType',
    'queueId',
    'groupId',
    'wrapUpCode',
    'wrapUpTags',
    'disconnectType',
    'errorCode',
    'sipResponseCodes',
    'q850ResponseCodes',
    'conference',
    'audioMuted',
    'videoMuted',
    'requestedRoutingUserIds',
    'requestedRoutingSkillIds',
    'requestedLanguageId',
    'sourceConversationId',
    'sourceSessionId',
    'destinationConversationId',
    'destinationSessionId',
  ),
  nested: {
    scoredAgents: { keep: names('scoredAgentId', 'agentScore') },
    properties: { keep: names('property', 'propertyType') },
  },
};

const flow: FieldPolicy = {
  // Not kept: entryReason (the number dialled) and transferTargetAddress (a number for external transfers).
  keep: names(
    'flowId',
    'flowName',
    'flowVersion',
    'flowType',
    'entryType',
    'exitReason',
    'transferType',
    'transferTargetName',
    'issuedCallback',
    'startingLanguage',
    'endingLanguage',
    'recognitionFailureReason',
  ),
  nested: {
    outcomes: {
      keep: names(
        'flowOutcome',
        'flowOutcomeId',
        'flowOutcomeValue',
        'flowOutcomeStartTimestamp',
        'flowOutcomeEndTimestamp',
      ),
    },
  },
};

const session: FieldPolicy = {
  // Not kept: ani, dnis, sessionDnis, remote, remoteNameDisplayable, addressFrom, addressTo,
  // addressSelf, addressOther, screenShareAddressSelf, callbackNumbers, callbackUserName,
  // outboundContactId, journeyCustomerId.
  keep: names(
    'sessionId',
    'mediaType',
    'direction',
    'messageType',
    'provider',
    'edgeId',
    'protocolCallId',
    'peerId',
    'recording',
    'snippetRecording',
    'sharingScreen',
    'screenShareRoomId',
    'screenMonitoredUserId',
    'cobrowseRoomId',
    'videoRoomId',
    'roomId',
    'monitoredParticipantId',
    'coachedParticipantId',
    'bargedParticipantId',
    'usedRouting',
    'requestedRoutings',
    'selectedAgentId',
    'selectedAgentRank',
    'agentAssistantId',
    'assignerId',
    'acwSkipped',
    'routingRing',
    'agentBullseyeRing',
    'routingRule',
    'routingRuleType',
    'outboundCampaignId',
    'outboundContactListId',
    'scriptId',
    'skipEnabled',
    'timeoutSeconds',
    'callbackScheduledTime',
    'activeSkillIds',
    'mediaBridgeId',
    'mediaCount',
  ),
  nested: {
    flow,
    segments: segment,
    metrics: { keep: names('name', 'value', 'emitDate') },
    mediaEndpointStats: {
      keep: names(
        'codecs',
        'minMos',
        'minRFactor',
        'maxLatencyMs',
        'receivedPackets',
        'invalidPackets',
        'discardedPackets',
        'duplicatePackets',
        'overrunPackets',
        'underrunPackets',
        'eventTime',
      ),
    },
  },
};

/** An analytics conversation; participant attribute values stay in clear only for `attributeAllowlist`. */
export function conversationPolicy(attributeAllowlist: ReadonlySet<string>): FieldPolicy {
  const participant: FieldPolicy = {
    // Not kept: participantName (the caller's number or name for customers).
    keep: names(
      'participantId',
      'purpose',
      'userId',
      'teamId',
      'externalContactId',
      'externalOrganizationId',
      'flaggedReason',
      'screenRecording',
    ),
    nested: { sessions: session },
    maps: { attributes: attributeAllowlist },
  };
  return {
    // Not kept: evaluations, surveys, resolutions, accessAttributes (their contents are not modelled).
    keep: names(
      'conversationId',
      'conversationStart',
      'conversationEnd',
      'conferenceStart',
      'originatingDirection',
      'conversationInitiator',
      'customerParticipation',
      'divisionIds',
      'externalTag',
      'mediaStatsMinConversationMos',
      'mediaStatsMinConversationRFactor',
      'selfServed',
      'inactivityTimeout',
      'knowledgeBaseIds',
      'associatedConversationId',
      'consultationConversationIds',
      'originatingSocialMediaPublic',
    ),
    nested: { participants: participant },
  };
}

const annotation: FieldPolicy = {
  // Not kept: name and description (free text).
  keep: names(
    'id',
    'type',
    'location',
    'durationMs',
    'absoluteLocation',
    'absoluteDurationMs',
    'recordingLocation',
    'recordingDurationMs',
    'realtimeLocation',
    'reason',
    'selfUri',
  ),
  nested: {
    user: userReference,
    get annotations(): FieldPolicy {
      return annotation;
    },
  },
};

/** Recording metadata. Not kept: name, path and mediaSubject (an e-mail subject, a call label). */
export const recordingMetadataPolicy: FieldPolicy = {
  keep: names(
    'id',
    'conversationId',
    'sessionId',
    'media',
    'mediaSubtype',
    'fileState',
    'startTime',
    'endTime',
    'archiveDate',
    'archiveMedium',
    'deleteDate',
    'exportDate',
    'exportedDate',
    'restoreExpirationTime',
    'maxAllowedRestorationsForOrg',
    'remainingRestorationsAllowedForOrg',
    'region',
    'creationTime',
    'recordingFileRole',
    'selfUri',
  ),
  nested: { annotations: annotation },
};

/** A user of the directory. Not kept: name, email, username, chat, primaryContactInfo, addresses, images. */
export const userPolicy: FieldPolicy = {
  keep: names('id', 'state', 'department', 'title', 'version', 'acdAutoAnswer', 'selfUri'),
  nested: { division: { keep: names('id', 'name', 'selfUri') }, manager: userReference },
};

/** Audit events (org configuration): the acting user's name and the remote IP addresses are hashed. */
export const auditEventPolicy: FieldPolicy = {
  open: true,
  hash: names('remoteIps', 'remoteIp'),
  nested: { user: userReference },
};

/** Recording bulk jobs (org configuration): the name of the user who created the job is hashed. */
export const recordingJobPolicy: FieldPolicy = { open: true, nested: { user: userReference } };

export const pseudonymiseAuditEvent = (event: unknown, hash: Pseudonymiser): unknown =>
  applyPolicy(event, auditEventPolicy, hash);
