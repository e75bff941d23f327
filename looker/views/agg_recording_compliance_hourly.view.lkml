# Recording compliance per hour of the conversation's start and queue (dbt model
# agg_recording_compliance_hourly, key conversation_started_hour_utc x queue_id). Counts are
# interactions (conversations); every rate is a ratio of sums, never an average of the rows' rates.
view: agg_recording_compliance_hourly {
  sql_table_name: genesys_marts.agg_recording_compliance_hourly ;;

  dimension: hourly_key {
    primary_key: yes
    hidden: yes
    type: string
    sql: concat(cast(${TABLE}.conversation_started_hour_utc as string), '|', coalesce(${TABLE}.queue_id, '')) ;;
  }

  dimension: queue_id {
    type: string
    sql: ${TABLE}.queue_id ;;
  }

  dimension: queue_name {
    type: string
    sql: ${TABLE}.queue_name ;;
  }

  dimension: local_hour_label {
    description: "Local start of the hour with its UTC offset, e.g. '2026-11-01 01:00 -04:00'."
    type: string
    sql: ${TABLE}.local_hour_label ;;
  }

  dimension: local_hour {
    description: "Hour (0-23) in the org time zone."
    type: number
    sql: ${TABLE}.local_hour ;;
  }

  dimension: utc_offset_minutes {
    type: number
    sql: ${TABLE}.utc_offset_minutes ;;
  }

  dimension_group: local {
    label: "Local"
    type: time
    datatype: date
    convert_tz: no
    timeframes: [date, week, month, day_of_week]
    sql: ${TABLE}.local_date ;;
  }

  dimension_group: started_hour_utc {
    type: time
    timeframes: [raw, hour, date]
    sql: ${TABLE}.conversation_started_hour_utc ;;
  }

  measure: interactions {
    description: "Interactions (conversations) policy requires recorded, summed over rows: an interaction in two queues or with two agents counts in each. For totals across queues or agents, use the interactions measure (a count distinct) of the Recording compliance (agent sessions) explore."
    type: sum
    sql: ${TABLE}.interactions ;;
  }

  measure: agent_sessions {
    type: sum
    sql: ${TABLE}.agent_sessions ;;
  }

  measure: reported_compliant_interactions {
    type: sum
    sql: ${TABLE}.reported_compliant_interactions ;;
  }

  measure: verified_compliant_interactions {
    type: sum
    sql: ${TABLE}.verified_compliant_interactions ;;
  }

  measure: reported_compliance_rate {
    description: "Reported compliant interactions / interactions: what the Genesys dashboard shows."
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${reported_compliant_interactions} / nullif(${interactions}, 0) ;;
  }

  measure: verified_compliance_rate {
    description: "Verified compliant interactions / interactions: what the recording files prove."
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${verified_compliant_interactions} / nullif(${interactions}, 0) ;;
  }

  measure: compliance_gap {
    description: "Reported minus verified compliance rate."
    type: number
    value_format_name: percent_1
    sql: 1.0 * (${reported_compliant_interactions} - ${verified_compliant_interactions}) / nullif(${interactions}, 0) ;;
  }

  measure: not_reported_sessions {
    type: sum
    sql: ${TABLE}.not_reported_sessions ;;
  }

  measure: failed_sessions {
    type: sum
    sql: ${TABLE}.failed_sessions ;;
  }

  measure: missing_sessions {
    type: sum
    sql: ${TABLE}.missing_sessions ;;
  }

  measure: incomplete_sessions {
    type: sum
    sql: ${TABLE}.incomplete_sessions ;;
  }

  measure: pending_sessions {
    type: sum
    sql: ${TABLE}.pending_sessions ;;
  }

  measure: unchecked_sessions {
    type: sum
    sql: ${TABLE}.unchecked_sessions ;;
  }

  measure: policy_undetermined_sessions {
    type: sum
    sql: ${TABLE}.policy_undetermined_sessions ;;
  }
}
