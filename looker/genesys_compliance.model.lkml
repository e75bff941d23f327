# Looker model of the genesys-compliance-etl marts (dbt schema genesys_marts, DBT_MARTS_SCHEMA).
# The Looker connection "genesys_marts" points at the BigQuery project holding that dataset.
# One view per mart or dimension (views/), one explore per question (explores/), and LookML
# dashboards (dashboards/). `npm test` (test/integration/looker) checks every file parses, every
# view's sql_table_name is a mart in the dbt manifest, every ${TABLE}.column is a documented
# column of it, and every field an explore or dashboard names exists.
connection: "genesys_marts"

include: "/views/*.view.lkml"
include: "/explores/*.explore.lkml"
include: "/dashboards/*.dashboard.lookml"

label: "Genesys recording compliance"

week_start_day: monday
