# Queues (dbt model dim_queues, key queue_id). Written from the agreed mart contract
# (notes/mart-contracts.md) before the mart landed.
view: dim_queues {
  sql_table_name: genesys_marts.dim_queues ;;

  dimension: queue_id {
    primary_key: yes
    type: string
    sql: ${TABLE}.queue_id ;;
  }

  dimension: queue_name {
    label: "Queue"
    type: string
    sql: ${TABLE}.queue_name ;;
  }

  dimension: division_id {
    type: string
    sql: ${TABLE}.division_id ;;
  }

  dimension: division_name {
    label: "Queue Division"
    type: string
    sql: ${TABLE}.division_name ;;
  }

  measure: queues {
    type: count
  }
}
