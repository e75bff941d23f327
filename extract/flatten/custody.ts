/** Custody, lifecycle and data-action records flattened to rows of tables.ts. */
import { createHash } from 'node:crypto';
import type { Row } from '../../contract/tables.ts';
import type { Division } from '../schemas/dimensions.ts';
import type {
  ActionAggregates,
  DataAction,
  OrgAuditEvent,
  QualityAuditEvent,
  RecordingJob,
  RetentionEntity,
} from '../schemas/custody.ts';

export function flattenRetentionEntity(entity: RetentionEntity): Row<'recording_lifecycle'> {
  return {
    recording_id: entity.recordingId,
    conversation_id: entity.conversationId ?? null,
    archive_medium: entity.archiveMedium ?? null,
    creation_time: entity.creationTime ?? null,
    archive_date: entity.archiveDate ?? null,
    delete_date: entity.deleteDate ?? null,
    export_date: entity.exportDate ?? null,
    exported_date: entity.exportedDate ?? null,
  };
}

export function flattenRecordingJob(job: RecordingJob): Row<'recording_jobs'> {
  return {
    job_id: job.id,
    state: job.state,
    action: job.recordingJobsQuery?.action ?? null,
    integration_id: job.recordingJobsQuery?.integrationId ?? null,
    user_id: job.user?.id ?? null,
    error_message: job.errorMessage ?? null,
    total_conversations: job.totalConversations ?? null,
    total_recordings: job.totalRecordings ?? null,
    total_skipped_recordings: job.totalSkippedRecordings ?? null,
    total_failed_recordings: job.totalFailedRecordings ?? null,
    total_processed_recordings: job.totalProcessedRecordings ?? null,
    percent_progress: job.percentProgress === undefined ? null : Math.round(job.percentProgress),
    action_date: job.recordingJobsQuery?.actionDate ?? null,
    date_created: job.dateCreated ?? null,
    raw_payload: JSON.stringify(job),
  };
}

const contextString = (context: Record<string, unknown> | undefined, key: string): string | null => {
  const value = context?.[key];
  return typeof value === 'string' ? value : null;
};

/** The columns both audit tables share. */
function auditColumns(event: OrgAuditEvent) {
  return {
    event_id: event.id,
    service_name: event.serviceName ?? null,
    action: event.action,
    entity_type: event.entityType ?? null,
    entity_id: event.entity?.id ?? null,
    user_id: event.user?.id ?? null,
    level: event.level ?? null,
    status: event.status ?? null,
    event_date: event.eventDate,
    raw_payload: JSON.stringify(event),
  };
}

export function flattenQualityAuditEvent(event: QualityAuditEvent): Row<'recording_audit_events'> {
  return {
    ...auditColumns(event),
    // The context keys are UNVERIFIED (genesys-api.md §5.1); both spellings seen in docs are tried.
    conversation_id: contextString(event.context, 'conversationId') ?? contextString(event.context, 'ConversationId'),
    user_name: event.user?.name ?? null,
    client_id: event.client?.id ?? null,
  };
}

export function flattenOrgAuditEvent(event: OrgAuditEvent): Row<'org_audit_events'> {
  return { ...auditColumns(event), entity_name: event.entity?.name ?? null };
}

export function flattenDataAction(action: DataAction): Row<'data_actions'> {
  return {
    action_id: action.id,
    action_name: action.name,
    integration_id: action.integrationId ?? null,
    category: action.category ?? null,
    timeout_seconds: action.config?.timeoutSeconds ?? null,
    raw_payload: JSON.stringify(action),
  };
}

export function flattenDivision(division: Division): Row<'divisions'> {
  return {
    division_id: division.id,
    division_name: division.name,
    is_home_division: division.homeDivision ?? null,
    raw_payload: JSON.stringify(division),
  };
}

/** One row per (action, interval, response status, error type) with the execution count. */
export function flattenActionAggregates(response: ActionAggregates): Row<'data_action_aggregates'>[] {
  const rows: Row<'data_action_aggregates'>[] = [];
  for (const result of response.results ?? []) {
    const group = result.group ?? {};
    for (const bucket of result.data ?? []) {
      const [start = '', end = ''] = bucket.interval.split('/');
      const executions = bucket.metrics?.find((metric) => metric.metric === 'tTotalExecution')?.stats?.count ?? 0;
      const parts = [group['actionId'] ?? '', start, group['responseStatus'] ?? '', group['errorType'] ?? ''];
      rows.push({
        aggregate_id: createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32),
        action_id: group['actionId'] ?? null,
        response_status: group['responseStatus'] ?? null,
        error_type: group['errorType'] ?? null,
        executions: Math.round(executions),
        interval_start: start === '' ? null : new Date(start).toISOString(),
        interval_end: end === '' ? null : new Date(end).toISOString(),
      });
    }
  }
  return rows;
}
