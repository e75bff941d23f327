# Screen-recording failures with and without the screen-pop data action's timeout, per local
# date, hour and data action (dbt model agg_recording_failure_root_cause). Written from the agreed
# mart contract (notes/mart-contracts.md) before the mart landed.
view: agg_recording_failure_root_cause {
  sql_table_name: genesys_marts.agg_recording_failure_root_cause ;;

  dimension: root_cause_key {
    primary_key: yes
    hidden: yes
    type: string
    sql: concat(cast(${TABLE}.local_date as string), '|', cast(${TABLE}.local_hour as string), '|', coalesce(${TABLE}.data_action_id, '')) ;;
  }

  dimension_group: local {
    label: "Local"
    type: time
    datatype: date
    convert_tz: no
    timeframes: [date, week, month]
    sql: ${TABLE}.local_date ;;
  }

  dimension: local_hour {
    type: number
    sql: ${TABLE}.local_hour ;;
  }

  dimension: data_action_id {
    type: string
    sql: ${TABLE}.data_action_id ;;
  }

  dimension: data_action_name {
    type: string
    sql: ${TABLE}.data_action_name ;;
  }

  dimension: timeout_seconds {
    type: number
    sql: ${TABLE}.timeout_seconds ;;
  }

  measure: action_executions {
    type: sum
    sql: ${TABLE}.action_executions ;;
  }

  measure: action_timeouts {
    type: sum
    sql: ${TABLE}.action_timeouts ;;
  }

  measure: action_timeout_rate {
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${action_timeouts} / nullif(${action_executions}, 0) ;;
  }

  measure: interactions_with_timeout {
    type: sum
    sql: ${TABLE}.interactions_with_timeout ;;
  }

  measure: screen_failures_with_timeout {
    type: sum
    sql: ${TABLE}.screen_failures_with_timeout ;;
  }

  measure: interactions_without_timeout {
    type: sum
    sql: ${TABLE}.interactions_without_timeout ;;
  }

  measure: screen_failures_without_timeout {
    type: sum
    sql: ${TABLE}.screen_failures_without_timeout ;;
  }

  measure: screen_failure_rate_with_timeout {
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${screen_failures_with_timeout} / nullif(${interactions_with_timeout}, 0) ;;
  }

  measure: screen_failure_rate_without_timeout {
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${screen_failures_without_timeout} / nullif(${interactions_without_timeout}, 0) ;;
  }
}
