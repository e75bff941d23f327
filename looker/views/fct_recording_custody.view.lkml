# One row per recording with its custody verdict and gaps
# (dbt mart genesys_marts.fct_recording_custody).
view: fct_recording_custody {
  sql_table_name: genesys_marts.fct_recording_custody ;;

  dimension: recording_id {
    primary_key: yes
    type: string
    sql: ${TABLE}.recording_id ;;
    description: "Genesys recording id."
  }

  dimension: conversation_id {
    type: string
    sql: ${TABLE}.conversation_id ;;
    description: "The recording's conversation."
  }

  dimension: session_id {
    type: string
    sql: ${TABLE}.session_id ;;
    description: "The recorded session."
  }

  dimension: media_type {
    type: string
    sql: ${TABLE}.media_type ;;
    description: "audio or screen."
  }

  dimension: current_state {
    type: string
    sql: ${TABLE}.current_state ;;
    description: "The recording's latest observed fileState."
  }

  dimension: custody_verdict {
    type: string
    sql: ${TABLE}.custody_verdict ;;
    description: "intact, or the first custody gap by precedence."
  }

  dimension: custody_gaps {
    type: string
    sql: ${TABLE}.custody_gaps ;;
    description: "Every custody gap, comma-separated; empty when intact."
  }

  dimension: custody_gap_count {
    type: number
    sql: ${TABLE}.custody_gap_count ;;
    description: "Number of custody gaps."
  }

  dimension: is_intact {
    type: yesno
    sql: ${TABLE}.custody_verdict = 'intact' ;;
    description: "No custody gap."
  }

  dimension: export_job_id {
    type: string
    sql: ${TABLE}.export_job_id ;;
    description: "The EXPORT bulk job that failed on the recording."
  }

  dimension: export_destination {
    type: string
    sql: ${TABLE}.export_destination ;;
    description: "The export integration of that job."
  }

  dimension: is_protected {
    type: yesno
    sql: ${TABLE}.is_protected ;;
    description: "Under deletion protection (legal hold) now."
  }

  dimension: is_protection_revoked {
    type: yesno
    sql: ${TABLE}.is_protection_revoked ;;
    description: "Deletion protection was revoked."
  }

  dimension: is_deleted {
    type: yesno
    sql: ${TABLE}.is_deleted ;;
    description: "The recording is deleted."
  }

  dimension: has_deleted_while_protected {
    type: yesno
    sql: ${TABLE}.has_deleted_while_protected ;;
    description: "Gap: deleted while protected."
  }

  dimension: has_deleted_before_policy_date {
    type: yesno
    sql: ${TABLE}.has_deleted_before_policy_date ;;
    description: "Gap: deleted before its policy delete date."
  }

  dimension: has_deletion_unaudited {
    type: yesno
    sql: ${TABLE}.has_deletion_unaudited ;;
    description: "Gap: deleted without a Delete audit event."
  }

  dimension: has_protection_revoked {
    type: yesno
    sql: ${TABLE}.has_protection_revoked ;;
    description: "Gap: protection revoked."
  }

  dimension: has_export_failed {
    type: yesno
    sql: ${TABLE}.has_export_failed ;;
    description: "Gap: the export failed."
  }

  dimension: has_export_evidence_missing {
    type: yesno
    sql: ${TABLE}.has_export_evidence_missing ;;
    description: "Gap: exported per policy but no export evidence."
  }

  dimension: has_accessed_outside_allowed_group {
    type: yesno
    sql: ${TABLE}.has_accessed_outside_allowed_group ;;
    description: "Gap: read or downloaded outside the allowed group."
  }

  dimension: reader_count {
    type: number
    sql: ${TABLE}.reader_count ;;
    description: "Distinct users who read the recording."
  }

  dimension: downloader_count {
    type: number
    sql: ${TABLE}.downloader_count ;;
    description: "Distinct users who downloaded the recording."
  }

  dimension: reader_user_ids {
    type: string
    sql: ${TABLE}.reader_user_ids ;;
    description: "Readers, comma-separated user ids."
  }

  dimension: downloader_user_ids {
    type: string
    sql: ${TABLE}.downloader_user_ids ;;
    description: "Downloaders, comma-separated user ids."
  }

  dimension: outside_group_user_ids {
    type: string
    sql: ${TABLE}.outside_group_user_ids ;;
    description: "Readers and downloaders outside the allowed group."
  }

  dimension_group: created {
    type: time
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.created_at ;;
    description: "When the recording was created (UTC)."
  }

  dimension_group: archived {
    type: time
    timeframes: [raw, time, date, month]
    sql: ${TABLE}.archived_at ;;
    description: "When the recording was archived."
  }

  dimension_group: exported {
    type: time
    timeframes: [raw, time, date, month]
    sql: ${TABLE}.exported_at ;;
    description: "When the recording was exported."
  }

  dimension_group: deleted {
    type: time
    timeframes: [raw, time, date, month]
    sql: ${TABLE}.deleted_at ;;
    description: "When the recording was deleted."
  }

  dimension_group: policy_delete {
    type: time
    timeframes: [raw, date, month, year]
    sql: ${TABLE}.policy_delete_at ;;
    description: "The delete date the retention policy set."
  }

  measure: recordings {
    type: count
    description: "Recordings."
    drill_fields: [recording_id, conversation_id, media_type, current_state, custody_verdict, custody_gaps]
  }

  measure: intact_recordings {
    type: sum
    sql: case when ${is_intact} then 1 else 0 end ;;
    description: "Recordings with no custody gap."
  }

  measure: recordings_with_gaps {
    type: sum
    sql: case when ${is_intact} then 0 else 1 end ;;
    description: "Recordings with at least one custody gap."
  }

  measure: intact_rate {
    type: number
    sql: 1.0 * ${intact_recordings} / nullif(${recordings}, 0) ;;
    value_format_name: percent_1
    description: "Share of recordings with an intact chain of custody."
  }

  measure: deleted_before_policy_date_recordings {
    type: sum
    sql: case when ${has_deleted_before_policy_date} then 1 else 0 end ;;
    description: "Recordings deleted before their policy date."
  }

  measure: protection_revoked_recordings {
    type: sum
    sql: case when ${has_protection_revoked} then 1 else 0 end ;;
    description: "Recordings whose protection was revoked."
  }

  measure: export_failed_recordings {
    type: sum
    sql: case when ${has_export_failed} then 1 else 0 end ;;
    description: "Recordings whose export failed."
  }

  measure: export_evidence_missing_recordings {
    type: sum
    sql: case when ${has_export_evidence_missing} then 1 else 0 end ;;
    description: "Recordings due for export with no export evidence."
  }

  measure: accessed_outside_allowed_group_recordings {
    type: sum
    sql: case when ${has_accessed_outside_allowed_group} then 1 else 0 end ;;
    description: "Recordings read or downloaded outside the allowed group."
  }

  measure: protected_recordings {
    type: sum
    sql: case when ${is_protected} then 1 else 0 end ;;
    description: "Recordings under deletion protection."
  }

  measure: reads {
    type: sum
    sql: ${TABLE}.read_count ;;
    description: "Successful reads."
  }

  measure: downloads {
    type: sum
    sql: ${TABLE}.download_count ;;
    description: "Successful downloads."
  }

  measure: outside_group_accesses {
    type: sum
    sql: ${TABLE}.outside_group_access_count ;;
    description: "Reads and downloads by users outside the allowed group."
  }

  measure: outside_group_access_rate {
    type: number
    sql: 1.0 * ${outside_group_accesses} / nullif(${reads} + ${downloads}, 0) ;;
    value_format_name: percent_1
    description: "Share of reads and downloads done outside the allowed group."
  }
}
