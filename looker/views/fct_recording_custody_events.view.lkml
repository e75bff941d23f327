# The chain of custody of every recording: one row per event, ordered, hash-chained
# (dbt mart genesys_marts.fct_recording_custody_events).
view: fct_recording_custody_events {
  sql_table_name: genesys_marts.fct_recording_custody_events ;;

  dimension: custody_event_id {
    primary_key: yes
    type: string
    sql: ${TABLE}.custody_event_id ;;
    description: "Key of the custody event."
  }

  dimension: recording_id {
    type: string
    sql: ${TABLE}.recording_id ;;
    description: "The recording the event is about."
  }

  dimension: conversation_id {
    type: string
    sql: ${TABLE}.conversation_id ;;
    description: "The recording's conversation."
  }

  dimension: event_sequence {
    type: number
    sql: ${TABLE}.event_sequence ;;
    description: "Position of the event in its recording's history (1..n)."
  }

  dimension: event_type {
    type: string
    sql: ${TABLE}.event_type ;;
    description: "What happened: created, read, downloaded, exported, archived, deleted, protection_applied, file_state_<state>, ..."
  }

  dimension: event_source {
    type: string
    sql: ${TABLE}.event_source ;;
    description: "recording_audit, recording_metadata, retention_query or bulk_job."
  }

  dimension: event_outcome {
    type: string
    sql: ${TABLE}.event_outcome ;;
    description: "success or failure; empty for observations."
  }

  dimension: actor_user_id {
    type: string
    sql: ${TABLE}.actor_user_id ;;
    description: "The user who acted; empty for system actions."
  }

  dimension: is_user_action {
    type: yesno
    sql: ${TABLE}.actor_user_id is not null ;;
    description: "The event was done by a user (not the system)."
  }

  dimension: source_event_id {
    type: string
    sql: ${TABLE}.source_event_id ;;
    description: "The event's id in its source (audit event, bulk job, staged file)."
  }

  dimension: event_detail {
    type: string
    sql: ${TABLE}.event_detail ;;
    description: "Source detail: previous fileState, changed property and old value, job integration."
  }

  dimension: event_hash {
    type: string
    sql: ${TABLE}.event_hash ;;
    description: "SHA-256 hex of the previous hash and the event's canonical fields."
  }

  dimension: previous_event_hash {
    type: string
    sql: ${TABLE}.previous_event_hash ;;
    description: "The previous event's hash; empty for the first event."
  }

  dimension_group: event {
    type: time
    timeframes: [raw, time, hour, date, week, month]
    sql: ${TABLE}.event_at ;;
    description: "When the event happened (UTC)."
  }

  measure: events {
    type: count
    description: "Custody events."
    drill_fields: [recording_id, event_sequence, event_type, event_source, actor_user_id, event_time]
  }

  measure: recordings {
    type: count_distinct
    sql: ${recording_id} ;;
    description: "Recordings with events."
  }

  measure: user_events {
    type: sum
    sql: case when ${is_user_action} then 1 else 0 end ;;
    description: "Events done by a user."
  }

  measure: failed_events {
    type: sum
    sql: case when ${TABLE}.event_outcome = 'failure' then 1 else 0 end ;;
    description: "Events whose outcome was a failure."
  }

  measure: failed_event_rate {
    type: number
    sql: 1.0 * ${failed_events} / nullif(${events}, 0) ;;
    value_format_name: percent_1
    description: "Failed events over all events."
  }
}
