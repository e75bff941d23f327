# Agents (dbt model dim_agents, key user_id; names pseudonymised). Written from the agreed mart
# contract (notes/mart-contracts.md) before the mart landed.
view: dim_agents {
  sql_table_name: genesys_marts.dim_agents ;;

  dimension: user_id {
    primary_key: yes
    label: "Agent ID"
    type: string
    sql: ${TABLE}.user_id ;;
  }

  dimension: user_name {
    label: "Agent"
    description: "Pseudonymised agent name (HMAC with PSEUDONYMISATION_KEY)."
    type: string
    sql: ${TABLE}.user_name ;;
  }

  dimension: division_id {
    type: string
    sql: ${TABLE}.division_id ;;
  }

  dimension: division_name {
    label: "Agent Division"
    type: string
    sql: ${TABLE}.division_name ;;
  }

  measure: agents {
    type: count
  }
}
