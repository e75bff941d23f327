# Finance's billing reconciliation (dbt mart fct_billing_reconciliation, models/models/marts/finance/):
# one row per billed interaction (invoice line), plus one per verified conversation nobody billed.
# Rates are ratios of sums, never averages of rates. Amounts are per currency: filter or group by
# currency before summing them.
view: fct_billing_reconciliation {
  sql_table_name: genesys_marts.fct_billing_reconciliation ;;

  dimension: billing_reconciliation_id {
    primary_key: yes
    hidden: yes
    type: string
    sql: ${TABLE}.billing_reconciliation_id ;;
  }

  dimension: conversation_id {
    type: string
    sql: ${TABLE}.conversation_id ;;
  }

  dimension: client_id {
    label: "Client"
    type: string
    sql: ${TABLE}.client_id ;;
  }

  dimension: invoice_id {
    label: "Invoice"
    type: string
    sql: ${TABLE}.invoice_id ;;
  }

  dimension: currency {
    type: string
    sql: ${TABLE}.currency ;;
  }

  dimension: reconciliation_status {
    description: "verified, unverified or not_billed_verified"
    type: string
    sql: ${TABLE}.reconciliation_status ;;
  }

  dimension: unverified_reason {
    description: "Why a billed interaction has no verified recording (null unless unverified)"
    type: string
    sql: ${TABLE}.unverified_reason ;;
  }

  dimension: source_file_name {
    label: "Billing file"
    type: string
    sql: ${TABLE}.source_file_name ;;
  }

  dimension: billed_amount {
    hidden: yes
    type: number
    sql: ${TABLE}.billed_amount ;;
  }

  dimension: agent_sessions_in_scope {
    type: number
    sql: ${TABLE}.agent_sessions_in_scope ;;
  }

  dimension: is_billed {
    type: yesno
    sql: ${TABLE}.is_billed ;;
  }

  dimension: is_verified {
    type: yesno
    sql: ${TABLE}.is_verified ;;
  }

  dimension: is_conversation_known {
    type: yesno
    sql: ${TABLE}.is_conversation_known ;;
  }

  dimension_group: billing {
    description: "The UTC month finance billed in (for a verified conversation not billed, the month it started)"
    type: time
    timeframes: [month, quarter, year]
    convert_tz: no
    datatype: date
    sql: ${TABLE}.billing_month ;;
  }

  dimension_group: billed {
    type: time
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.billed_at ;;
  }

  dimension_group: conversation_started {
    type: time
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.conversation_started_at ;;
  }

  measure: interactions {
    label: "Rows"
    type: count
  }

  measure: billed_interactions {
    type: sum
    sql: case when ${is_billed} then 1 else 0 end ;;
  }

  measure: verified_billed_interactions {
    type: sum
    sql: case when ${reconciliation_status} = 'verified' then 1 else 0 end ;;
  }

  measure: unverified_billed_interactions {
    type: sum
    sql: case when ${reconciliation_status} = 'unverified' then 1 else 0 end ;;
  }

  measure: verified_not_billed_interactions {
    type: sum
    sql: case when ${reconciliation_status} = 'not_billed_verified' then 1 else 0 end ;;
  }

  measure: total_billed_amount {
    description: "Amount billed; sum within one currency"
    type: sum
    value_format_name: decimal_2
    sql: ${billed_amount} ;;
  }

  measure: unverified_billed_amount {
    description: "Amount billed without a verified recording; sum within one currency"
    type: sum
    value_format_name: decimal_2
    sql: case when ${reconciliation_status} = 'unverified' then ${billed_amount} else 0 end ;;
  }

  measure: verified_billed_amount {
    type: sum
    value_format_name: decimal_2
    sql: case when ${reconciliation_status} = 'verified' then ${billed_amount} else 0 end ;;
  }

  measure: verified_billed_rate {
    description: "Billed interactions with a verified recording over billed interactions (ratio of sums)"
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${verified_billed_interactions} / nullif(${billed_interactions}, 0) ;;
  }

  measure: unverified_amount_share {
    description: "Amount billed without a verified recording over the amount billed (ratio of sums, one currency)"
    type: number
    value_format_name: percent_1
    sql: 1.0 * ${unverified_billed_amount} / nullif(${total_billed_amount}, 0) ;;
  }
}
