# Architect flow versions (dbt model dim_flows). Written from the agreed mart contract
# (notes/mart-contracts.md) before the mart landed; joined on flow_name and flow_version, which
# the contract fixes (the key column's name is not fixed yet).
view: dim_flows {
  sql_table_name: genesys_marts.dim_flows ;;

  dimension: flow_key {
    primary_key: yes
    hidden: yes
    type: string
    sql: concat(coalesce(${TABLE}.flow_name, ''), '|', coalesce(${TABLE}.flow_version, '')) ;;
  }

  dimension: flow_name {
    label: "Flow"
    type: string
    sql: ${TABLE}.flow_name ;;
  }

  dimension: flow_version {
    type: string
    sql: ${TABLE}.flow_version ;;
  }

  measure: flow_versions {
    type: count
  }
}
