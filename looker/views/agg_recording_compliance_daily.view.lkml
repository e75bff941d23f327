# Recording compliance per local date, queue, agent and flow version (dbt model
# agg_recording_compliance_daily). Written from the agreed mart contract (notes/mart-contracts.md)
# before the mart landed: the LookML test checks it against the manifest once it exists.
view: agg_recording_compliance_daily {
  sql_table_name: genesys_marts.agg_recording_compliance_daily ;;

  dimension: daily_key {
    primary_key: yes
    hidden: yes
    type: string
    sql: concat(cast(${TABLE}.local_date as string), '|', coalesce(${TABLE}.queue_id, ''), '|', coalesce(${TABLE}.user_id, ''), '|', coalesce(${TABLE}.flow_name, ''), '|', coalesce(${TABLE}.flow_version, '')) ;;
  }

  dimension_group: local {
    label: "Local"
    type: time
    datatype: date
    convert_tz: no
    timeframes: [date, week, month, day_of_week]
    sql: ${TABLE}.local_date ;;
  }

  dimension: queue_id {
    type: string
    sql: ${TABLE}.queue_id ;;
  }

  dimension: user_id {
    label: "Agent ID"
    type: string
    sql: ${TABLE}.user_id ;;
  }

  dimension: flow_name {
    type: string
    sql: ${TABLE}.flow_name ;;
  }

  dimension: flow_version {
    type: string
    sql: ${TABLE}.flow_version ;;
  }

  measure: interactions_in_scope {
    description: "Interactions policy requires recorded, summed over rows: an interaction in two queues or with two agents counts in each. For totals across queues or agents, use the interactions measure (a count distinct) of the Recording compliance (agent sessions) explore."
    type: sum
    sql: ${TABLE}.interactions_in_scope ;;
  }

  measure: reported_compliant_interactions {
    type: sum
    sql: ${TABLE}.reported_compliant_interactions ;;
  }

  measure: verified_compliant_interactions {
    type: sum
    sql: ${TABLE}.verified_compliant_interactions ;;
  }

  measure: reported_but_failed_interactions {
    type: sum
    sql: ${TABLE}.reported_but_failed_interactions ;;
  }

  measure: reported_compliance_rate {
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${reported_compliant_interactions} / nullif(${interactions_in_scope}, 0) ;;
  }

  measure: verified_compliance_rate {
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${verified_compliant_interactions} / nullif(${interactions_in_scope}, 0) ;;
  }

  measure: compliance_gap {
    type: number
    value_format_name: percent_1
    sql: 1.0 * (${reported_compliant_interactions} - ${verified_compliant_interactions}) / nullif(${interactions_in_scope}, 0) ;;
  }
}
