/** Conversation → participants → sessions → segments, flattened to one row per entity (DESIGN decision 3). */
import type { Row } from '../../contract/tables.ts';
import type { Conversation } from '../schemas/analytics.ts';

export interface ConversationRows {
  conversations: Row<'conversations'>[];
  participants: Row<'participants'>[];
  sessions: Row<'sessions'>[];
  segments: Row<'segments'>[];
  participant_attributes: Row<'participant_attributes'>[];
}

export function flattenConversation(conversation: Conversation): ConversationRows {
  const conversationId = conversation.conversationId;
  const rows: ConversationRows = {
    conversations: [
      {
        conversation_id: conversationId,
        conversation_start: conversation.conversationStart,
        conversation_end: conversation.conversationEnd ?? null,
        originating_direction: conversation.originatingDirection ?? null,
        division_ids: conversation.divisionIds === undefined ? null : JSON.stringify(conversation.divisionIds),
        external_tag: conversation.externalTag ?? null,
        media_stats_min_conversation_mos: conversation.mediaStatsMinConversationMos ?? null,
        raw_payload: JSON.stringify(conversation),
      },
    ],
    participants: [],
    sessions: [],
    segments: [],
    participant_attributes: [],
  };

  for (const participant of conversation.participants ?? []) {
    const participantId = participant.participantId;
    rows.participants.push({
      conversation_id: conversationId,
      participant_id: participantId,
      participant_name: participant.participantName ?? null,
      purpose: participant.purpose,
      user_id: participant.userId ?? null,
      team_id: participant.teamId ?? null,
      external_contact_id: participant.externalContactId ?? null,
      flagged_reason: participant.flaggedReason ?? null,
      screen_recording: participant.screenRecording ?? null,
    });
    for (const [name, value] of Object.entries(participant.attributes ?? {})) {
      rows.participant_attributes.push({
        conversation_id: conversationId,
        participant_id: participantId,
        attribute_name: name,
        attribute_value: value === null ? null : String(value),
      });
    }
    for (const session of participant.sessions ?? []) {
      const flow = session.flow;
      rows.sessions.push({
        conversation_id: conversationId,
        participant_id: participantId,
        session_id: session.sessionId,
        media_type: session.mediaType,
        direction: session.direction ?? null,
        ani: session.ani ?? null,
        dnis: session.dnis ?? null,
        provider: session.provider ?? null,
        edge_id: session.edgeId ?? null,
        peer_id: session.peerId ?? null,
        protocol_call_id: session.protocolCallId ?? null,
        selected_agent_id: session.selectedAgentId ?? null,
        flow_id: flow?.flowId ?? null,
        flow_name: flow?.flowName ?? null,
        flow_version: flow?.flowVersion ?? null,
        flow_type: flow?.flowType ?? null,
        flow_entry_type: flow?.entryType ?? null,
        flow_exit_reason: flow?.exitReason ?? null,
        flow_transfer_type: flow?.transferType ?? null,
        recording: session.recording ?? null,
        snippet_recording: session.snippetRecording ?? null,
      });
      (session.segments ?? []).forEach((segment, index) => {
        rows.segments.push({
          conversation_id: conversationId,
          participant_id: participantId,
          session_id: session.sessionId,
          segment_index: index,
          segment_type: segment.segmentType ?? null,
          queue_id: segment.queueId ?? null,
          wrap_up_code: segment.wrapUpCode ?? null,
          requested_language_id: segment.requestedLanguageId ?? null,
          disconnect_type: segment.disconnectType ?? null,
          error_code: segment.errorCode ?? null,
          conference: segment.conference ?? null,
          segment_start: segment.segmentStart,
          segment_end: segment.segmentEnd ?? null,
        });
      });
    }
  }
  return rows;
}
