import type { Row } from '../../contract/tables.ts';
import type { RecordingMetadata } from '../schemas/recording.ts';

export function flattenRecording(conversationId: string, recording: RecordingMetadata): Row<'recordings'> {
  return {
    recording_id: recording.id,
    // The path names the conversation; the body's copy is optional.
    conversation_id: recording.conversationId ?? conversationId,
    session_id: recording.sessionId ?? null,
    media: recording.media ?? null,
    media_subtype: recording.mediaSubtype ?? null,
    file_state: recording.fileState ?? null,
    archive_medium: recording.archiveMedium ?? null,
    region: recording.region ?? null,
    start_time: recording.startTime ?? null,
    end_time: recording.endTime ?? null,
    archive_date: recording.archiveDate ?? null,
    delete_date: recording.deleteDate ?? null,
    export_date: recording.exportDate ?? null,
    exported_date: recording.exportedDate ?? null,
    raw_payload: JSON.stringify(recording),
  };
}
