# One row per agent voice session that policy requires to be recorded (dbt model
# fct_recording_compliance): what analytics reported against what the recording repository
# holds. Rates here are per agent session (ratio of sums); the per-interaction rates are in
# agg_recording_compliance_hourly.
view: fct_recording_compliance {
  sql_table_name: genesys_marts.fct_recording_compliance ;;

  dimension: agent_session_id {
    primary_key: yes
    hidden: yes
    type: string
    sql: ${TABLE}.agent_session_id ;;
  }

  dimension: conversation_id {
    type: string
    sql: ${TABLE}.conversation_id ;;
  }

  dimension: participant_id {
    hidden: yes
    type: string
    sql: ${TABLE}.participant_id ;;
  }

  dimension: user_id {
    label: "Agent ID"
    type: string
    sql: ${TABLE}.user_id ;;
  }

  dimension: queue_id {
    type: string
    sql: ${TABLE}.queue_id ;;
  }

  dimension: queue_name {
    type: string
    sql: ${TABLE}.queue_name ;;
  }

  dimension: policy_id {
    type: string
    sql: ${TABLE}.policy_id ;;
  }

  dimension: flow_name {
    type: string
    sql: ${TABLE}.flow_name ;;
  }

  dimension: flow_version {
    type: string
    sql: ${TABLE}.flow_version ;;
  }

  dimension: data_action_result {
    description: "ScreenPop_ScreenRec data action outcome the flow wrote ('success', 'timeout')."
    type: string
    sql: ${TABLE}.data_action_result ;;
  }

  dimension: data_action_http_status {
    type: string
    sql: ${TABLE}.data_action_http_status ;;
  }

  dimension: has_data_action_timeout {
    label: "Data Action Timed Out"
    description: "The screen-pop data action timed out (result 'timeout' or HTTP 408): the root cause of most screen-recording failures."
    type: yesno
    sql: lower(coalesce(${TABLE}.data_action_result, '')) = 'timeout' or ${TABLE}.data_action_http_status = '408' ;;
  }

  dimension: audio_status {
    type: string
    sql: ${TABLE}.audio_status ;;
  }

  dimension: screen_status {
    type: string
    sql: ${TABLE}.screen_status ;;
  }

  dimension: is_screen_failed {
    description: "Screen recording required and failed, missing or incomplete."
    type: yesno
    sql: ${TABLE}.screen_status in ('failed', 'missing', 'incomplete') ;;
  }

  dimension: discrepancy_type {
    description: "Why the reported 'recorded' is not backed by a file: none, not_reported, reported_but_failed, reported_but_missing, reported_but_incomplete, reported_but_pending, unchecked, policy_undetermined."
    type: string
    sql: ${TABLE}.discrepancy_type ;;
  }

  dimension: audio_file_state {
    type: string
    sql: ${TABLE}.audio_file_state ;;
  }

  dimension: screen_file_state {
    type: string
    sql: ${TABLE}.screen_file_state ;;
  }

  dimension: connected_seconds {
    type: number
    sql: ${TABLE}.connected_seconds ;;
  }

  dimension: screen_coverage_ratio {
    type: number
    value_format_name: percent_1
    sql: ${TABLE}.screen_coverage_ratio ;;
  }

  dimension: local_hour {
    label: "Local Hour"
    description: "Hour (0-23) of the conversation's start in the org time zone."
    type: number
    sql: ${TABLE}.local_hour ;;
  }

  dimension: utc_offset_minutes {
    type: number
    sql: ${TABLE}.utc_offset_minutes ;;
  }

  dimension: is_audio_reported {
    type: yesno
    sql: ${TABLE}.is_audio_reported ;;
  }

  dimension: is_screen_reported {
    type: yesno
    sql: ${TABLE}.is_screen_reported ;;
  }

  dimension: is_screen_required {
    type: yesno
    sql: ${TABLE}.is_screen_required ;;
  }

  dimension: is_policy_undetermined {
    type: yesno
    sql: ${TABLE}.is_policy_undetermined ;;
  }

  dimension: is_recording_checked {
    type: yesno
    sql: ${TABLE}.is_recording_checked ;;
  }

  dimension: is_reported_compliant {
    type: yesno
    sql: ${TABLE}.is_reported_compliant ;;
  }

  dimension: is_verified_compliant {
    type: yesno
    sql: ${TABLE}.is_verified_compliant ;;
  }

  dimension_group: local {
    label: "Local"
    description: "Date of the conversation's start in the org time zone."
    type: time
    datatype: date
    convert_tz: no
    timeframes: [date, week, month, day_of_week]
    sql: ${TABLE}.local_date ;;
  }

  dimension_group: conversation_started {
    type: time
    timeframes: [raw, time, hour, date]
    sql: ${TABLE}.conversation_started_at ;;
  }

  measure: agent_sessions {
    type: count
    drill_fields: [conversation_id, user_id, queue_name, flow_name, discrepancy_type]
  }

  measure: interactions {
    type: count_distinct
    sql: ${conversation_id} ;;
  }

  measure: reported_compliant_sessions {
    type: sum
    sql: case when ${TABLE}.is_reported_compliant then 1 else 0 end ;;
  }

  measure: verified_compliant_sessions {
    type: sum
    sql: case when ${TABLE}.is_verified_compliant then 1 else 0 end ;;
  }

  measure: reported_compliance_rate {
    description: "Reported compliant sessions / sessions (what the Genesys dashboard shows)."
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${reported_compliant_sessions} / nullif(${agent_sessions}, 0) ;;
  }

  measure: verified_compliance_rate {
    description: "Verified compliant sessions / sessions (what the recording files prove)."
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${verified_compliant_sessions} / nullif(${agent_sessions}, 0) ;;
  }

  measure: compliance_gap {
    description: "Reported minus verified compliance rate, in points of the session count."
    type: number
    value_format_name: percent_1
    sql: 1.0 * (${reported_compliant_sessions} - ${verified_compliant_sessions}) / nullif(${agent_sessions}, 0) ;;
  }

  # Per interaction: compliant when all of its required sessions (in the filter) are, each
  # interaction counted once however many queues or agents it touched. The hourly rollup counts an
  # interaction once per queue and agent row, so its sums count a transferred interaction twice.
  measure: reported_noncompliant_interactions {
    hidden: yes
    type: count_distinct
    sql: case when not ${TABLE}.is_reported_compliant then ${conversation_id} end ;;
  }

  measure: verified_noncompliant_interactions {
    hidden: yes
    type: count_distinct
    sql: case when not ${TABLE}.is_verified_compliant then ${conversation_id} end ;;
  }

  measure: interaction_reported_compliance_rate {
    description: "Interactions whose required sessions are all reported compliant / interactions."
    type: number
    value_format_name: percent_1
    sql: 1.0 * (${interactions} - ${reported_noncompliant_interactions}) / nullif(${interactions}, 0) ;;
  }

  measure: interaction_verified_compliance_rate {
    description: "Interactions whose required sessions are all verified compliant / interactions."
    type: number
    value_format_name: percent_1
    sql: 1.0 * (${interactions} - ${verified_noncompliant_interactions}) / nullif(${interactions}, 0) ;;
  }

  measure: interaction_compliance_gap {
    description: "Reported minus verified compliance, in points of the interaction count."
    type: number
    value_format_name: percent_1
    sql: 1.0 * (${verified_noncompliant_interactions} - ${reported_noncompliant_interactions}) / nullif(${interactions}, 0) ;;
  }

  measure: screen_required_sessions {
    type: sum
    sql: case when ${TABLE}.is_screen_required then 1 else 0 end ;;
  }

  measure: screen_failed_sessions {
    type: sum
    sql: case when ${TABLE}.is_screen_required and ${TABLE}.screen_status in ('failed', 'missing', 'incomplete') then 1 else 0 end ;;
  }

  measure: screen_failure_rate {
    description: "Screen recordings failed, missing or incomplete / sessions that require one. Split by Data Action Timed Out for the root cause."
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${screen_failed_sessions} / nullif(${screen_required_sessions}, 0) ;;
  }
}
