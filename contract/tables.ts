/**
 * The raw tables: one per stream, the flat rows the extractors produce, plus the lineage
 * columns every staged row carries. This file is the contract between extract/, load/ and the
 * dbt sources in models/models/staging/genesys/_genesys__sources.yml (finance's table:
 * models/models/staging/finance/_finance__sources.yml): change them together.
 */

export type ColumnType = 'string' | 'boolean' | 'integer' | 'double' | 'timestamp';

type Columns = Readonly<Record<string, ColumnType>>;

export interface TableDefinition<C extends Columns = Columns> {
  /** Warehouse table name. */
  readonly table: string;
  /** Columns that identify one entity; staging keeps the latest observation per key. */
  readonly key: readonly (keyof C & string)[];
  readonly columns: C;
}

type ValueOf<T extends ColumnType> = T extends 'string'
  ? string
  : T extends 'boolean'
    ? boolean
    : T extends 'integer' | 'double'
      ? number
      : T extends 'timestamp'
        ? string
        : never;

/** A row of a table: every column present, null when the API had no value. Timestamps are ISO-8601 UTC strings. */
export type RowOf<D extends { readonly columns: Columns }> = {
  [K in keyof D['columns']]: ValueOf<D['columns'][K]> | null;
};

/** Any table definition, for code that handles every table alike. */
export interface AnyTable {
  readonly table: string;
  readonly key: readonly string[];
  readonly columns: Columns;
}

const defineTable = <const C extends Columns>(definition: TableDefinition<C>): TableDefinition<C> => definition;

export const lineageColumns = {
  _run_id: 'string',
  _file_id: 'string',
  _extracted_at: 'timestamp',
  _window_start: 'timestamp',
  _window_end: 'timestamp',
  _record_hash: 'string',
} as const satisfies Columns;

export const tables = {
  conversations: defineTable({
    table: 'raw_genesys__conversations',
    key: ['conversation_id'],
    columns: {
      conversation_id: 'string',
      conversation_start: 'timestamp',
      conversation_end: 'timestamp',
      originating_direction: 'string',
      division_ids: 'string',
      external_tag: 'string',
      media_stats_min_conversation_mos: 'double',
      raw_payload: 'string',
    },
  }),
  participants: defineTable({
    table: 'raw_genesys__participants',
    key: ['conversation_id', 'participant_id'],
    columns: {
      conversation_id: 'string',
      participant_id: 'string',
      participant_name: 'string',
      purpose: 'string',
      user_id: 'string',
      team_id: 'string',
      external_contact_id: 'string',
      flagged_reason: 'string',
      screen_recording: 'boolean',
    },
  }),
  sessions: defineTable({
    table: 'raw_genesys__sessions',
    key: ['conversation_id', 'participant_id', 'session_id'],
    columns: {
      conversation_id: 'string',
      participant_id: 'string',
      session_id: 'string',
      media_type: 'string',
      direction: 'string',
      ani: 'string',
      dnis: 'string',
      provider: 'string',
      edge_id: 'string',
      peer_id: 'string',
      protocol_call_id: 'string',
      selected_agent_id: 'string',
      flow_id: 'string',
      flow_name: 'string',
      flow_version: 'string',
      flow_type: 'string',
      flow_entry_type: 'string',
      flow_exit_reason: 'string',
      flow_transfer_type: 'string',
      recording: 'boolean',
      snippet_recording: 'boolean',
    },
  }),
  segments: defineTable({
    table: 'raw_genesys__segments',
    key: ['conversation_id', 'participant_id', 'session_id', 'segment_index'],
    columns: {
      conversation_id: 'string',
      participant_id: 'string',
      session_id: 'string',
      segment_index: 'integer',
      segment_type: 'string',
      queue_id: 'string',
      wrap_up_code: 'string',
      requested_language_id: 'string',
      disconnect_type: 'string',
      error_code: 'string',
      conference: 'boolean',
      segment_start: 'timestamp',
      segment_end: 'timestamp',
    },
  }),
  participant_attributes: defineTable({
    table: 'raw_genesys__participant_attributes',
    key: ['conversation_id', 'participant_id', 'attribute_name'],
    columns: {
      conversation_id: 'string',
      participant_id: 'string',
      attribute_name: 'string',
      attribute_value: 'string',
    },
  }),
  recordings: defineTable({
    table: 'raw_genesys__recordings',
    key: ['recording_id'],
    columns: {
      recording_id: 'string',
      conversation_id: 'string',
      session_id: 'string',
      media: 'string',
      media_subtype: 'string',
      file_state: 'string',
      archive_medium: 'string',
      region: 'string',
      start_time: 'timestamp',
      end_time: 'timestamp',
      archive_date: 'timestamp',
      delete_date: 'timestamp',
      export_date: 'timestamp',
      exported_date: 'timestamp',
      raw_payload: 'string',
    },
  }),
  /** One row per recording-metadata read of a conversation: proves the check happened even when it found nothing. */
  recording_reads: defineTable({
    table: 'raw_genesys__recording_reads',
    key: ['conversation_id'],
    columns: {
      conversation_id: 'string',
      recording_count: 'integer',
      read_at: 'timestamp',
    },
  }),
  users: defineTable({
    table: 'raw_genesys__users',
    key: ['user_id'],
    columns: {
      user_id: 'string',
      user_name: 'string',
      email: 'string',
      division_id: 'string',
      state: 'string',
      department: 'string',
      title: 'string',
      raw_payload: 'string',
    },
  }),
  queues: defineTable({
    table: 'raw_genesys__queues',
    key: ['queue_id'],
    columns: {
      queue_id: 'string',
      queue_name: 'string',
      division_id: 'string',
      suppress_in_queue_call_recording: 'boolean',
      raw_payload: 'string',
    },
  }),
  retention_policies: defineTable({
    table: 'raw_genesys__retention_policies',
    key: ['policy_id'],
    columns: {
      policy_id: 'string',
      policy_name: 'string',
      policy_order: 'integer',
      enabled: 'boolean',
      retain_recording: 'boolean',
      initiates_screen_recording: 'boolean',
      created_date: 'timestamp',
      modified_date: 'timestamp',
      /** The policy has a callPolicy (applies to calls); its conditions are in retention_policy_condition_values. */
      has_call_policy: 'boolean',
      raw_payload: 'string',
    },
  }),
  /**
   * The call-policy conditions of each retention policy, flattened to one row per
   * (direction, queue) pair; a null direction or queue means "any".
   */
  retention_policy_conditions: defineTable({
    table: 'raw_genesys__retention_policy_conditions',
    key: ['condition_id'],
    columns: {
      condition_id: 'string',
      policy_id: 'string',
      media_policy: 'string',
      direction: 'string',
      queue_id: 'string',
    },
  }),
  /**
   * Every condition of each media policy of a retention policy, one row per value (long form):
   * condition_type direction, queue, user, wrapup_code, language (value_id), date_range
   * (range_start/range_end), time_slot (slot_day 1 = Monday .. 7, slot_start_time/slot_stop_time
   * HH:MM:SS, time_zone_id) or unsupported (value_id names a condition the models cannot
   * evaluate). A condition with no row does not restrict; a row whose parsed columns are null
   * (raw_value kept) could not be read and makes the policy undeterminable.
   */
  retention_policy_condition_values: defineTable({
    table: 'raw_genesys__retention_policy_condition_values',
    key: ['policy_id', 'media_policy', 'condition_type', 'value_index'],
    columns: {
      policy_id: 'string',
      media_policy: 'string',
      condition_type: 'string',
      value_index: 'integer',
      value_id: 'string',
      range_start: 'timestamp',
      range_end: 'timestamp',
      slot_day: 'integer',
      slot_start_time: 'string',
      slot_stop_time: 'string',
      time_zone_id: 'string',
      raw_value: 'string',
    },
  }),
  /**
   * The scope-relevant property changes of retention-policy Update audit events (org audit API),
   * one row per old value; value_index -1 is a marker row per change (old_value null), so a
   * condition that was empty before the change still has a row. change_type as in
   * retention_policy_condition_values, plus enabled and screen_recording (old_value 'true'/'false').
   */
  retention_policy_changes: defineTable({
    table: 'raw_genesys__retention_policy_changes',
    key: ['event_id', 'change_index', 'value_index'],
    columns: {
      event_id: 'string',
      policy_id: 'string',
      changed_at: 'timestamp',
      change_index: 'integer',
      property: 'string',
      change_type: 'string',
      value_index: 'integer',
      old_value: 'string',
      range_start: 'timestamp',
      range_end: 'timestamp',
    },
  }),
  divisions: defineTable({
    table: 'raw_genesys__divisions',
    key: ['division_id'],
    columns: {
      division_id: 'string',
      division_name: 'string',
      is_home_division: 'boolean',
      raw_payload: 'string',
    },
  }),
  /** Recording lifecycle dates from the retention query (archive, delete, export), 500 per page. */
  recording_lifecycle: defineTable({
    table: 'raw_genesys__recording_lifecycle',
    key: ['recording_id'],
    columns: {
      recording_id: 'string',
      conversation_id: 'string',
      archive_medium: 'string',
      creation_time: 'timestamp',
      archive_date: 'timestamp',
      delete_date: 'timestamp',
      export_date: 'timestamp',
      exported_date: 'timestamp',
    },
  }),
  /** Existing recording bulk jobs (ARCHIVE, DELETE, EXPORT): read only, never created by a run. */
  recording_jobs: defineTable({
    table: 'raw_genesys__recording_jobs',
    key: ['job_id'],
    columns: {
      job_id: 'string',
      state: 'string',
      action: 'string',
      integration_id: 'string',
      user_id: 'string',
      error_message: 'string',
      total_conversations: 'integer',
      total_recordings: 'integer',
      total_skipped_recordings: 'integer',
      total_failed_recordings: 'integer',
      total_processed_recordings: 'integer',
      percent_progress: 'integer',
      action_date: 'timestamp',
      date_created: 'timestamp',
      raw_payload: 'string',
    },
  }),
  recording_job_failures: defineTable({
    table: 'raw_genesys__recording_job_failures',
    key: ['job_id', 'recording_id'],
    columns: {
      job_id: 'string',
      conversation_id: 'string',
      recording_id: 'string',
    },
  }),
  /** Deletion protection (legal hold) of each conversation of a window, as looked up. */
  deletion_protection: defineTable({
    table: 'raw_genesys__deletion_protection',
    key: ['conversation_id'],
    columns: {
      conversation_id: 'string',
      is_protected: 'boolean',
      checked_at: 'timestamp',
    },
  }),
  /** Quality conversation audit events about recordings: the custody evidence. */
  recording_audit_events: defineTable({
    table: 'raw_genesys__recording_audit_events',
    key: ['event_id'],
    columns: {
      event_id: 'string',
      service_name: 'string',
      action: 'string',
      entity_type: 'string',
      entity_id: 'string',
      conversation_id: 'string',
      user_id: 'string',
      user_name: 'string',
      client_id: 'string',
      level: 'string',
      status: 'string',
      event_date: 'timestamp',
      raw_payload: 'string',
    },
  }),
  /** Org audit events for retention policies, integrations and data actions. */
  org_audit_events: defineTable({
    table: 'raw_genesys__org_audit_events',
    key: ['event_id'],
    columns: {
      event_id: 'string',
      service_name: 'string',
      action: 'string',
      entity_type: 'string',
      entity_id: 'string',
      entity_name: 'string',
      user_id: 'string',
      level: 'string',
      status: 'string',
      event_date: 'timestamp',
      raw_payload: 'string',
    },
  }),
  data_actions: defineTable({
    table: 'raw_genesys__data_actions',
    key: ['action_id'],
    columns: {
      action_id: 'string',
      action_name: 'string',
      integration_id: 'string',
      category: 'string',
      timeout_seconds: 'integer',
      raw_payload: 'string',
    },
  }),
  /** Data-action executions per action, hour, response status and error type. */
  data_action_aggregates: defineTable({
    table: 'raw_genesys__data_action_aggregates',
    key: ['aggregate_id'],
    columns: {
      aggregate_id: 'string',
      action_id: 'string',
      response_status: 'string',
      error_type: 'string',
      executions: 'integer',
      interval_start: 'timestamp',
      interval_end: 'timestamp',
    },
  }),
  /**
   * Finance's billed interactions, one row per valid line of a billing file loaded with
   * `genesys-etl load-billing` (scripts/commands/load-billing.ts documents the CSV), keyed by
   * (invoice_id, conversation_id); the source file's name, sha256 and line number stay with each row.
   * Its dbt source is models/models/staging/finance/_finance__sources.yml.
   */
  billed_interactions: defineTable({
    table: 'raw_finance__billed_interactions',
    key: ['invoice_id', 'conversation_id'],
    columns: {
      conversation_id: 'string',
      client_id: 'string',
      invoice_id: 'string',
      billed_at: 'timestamp',
      amount: 'double',
      currency: 'string',
      source_file_name: 'string',
      source_file_sha256: 'string',
      source_line_number: 'integer',
    },
  }),
  /** Records that failed validation, staged like any stream and loaded into etl_quarantine. */
  quarantine: defineTable({
    table: 'etl_quarantine',
    key: ['quarantine_id'],
    columns: {
      quarantine_id: 'string',
      stream: 'string',
      record_key: 'string',
      reason: 'string',
      raw_payload: 'string',
    },
  }),
} as const;

export type StreamName = keyof typeof tables;
export type Row<S extends StreamName> = RowOf<(typeof tables)[S]>;
