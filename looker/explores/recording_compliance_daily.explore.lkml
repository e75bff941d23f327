# Interactions per local date, queue, agent and flow version.
explore: recording_compliance_daily {
  label: "Recording compliance by day"
  view_name: agg_recording_compliance_daily

  join: dim_agents {
    type: left_outer
    relationship: many_to_one
    sql_on: ${agg_recording_compliance_daily.user_id} = ${dim_agents.user_id} ;;
  }

  join: dim_queues {
    type: left_outer
    relationship: many_to_one
    sql_on: ${agg_recording_compliance_daily.queue_id} = ${dim_queues.queue_id} ;;
  }

  join: dim_flows {
    type: left_outer
    relationship: many_to_one
    sql_on: ${agg_recording_compliance_daily.flow_name} = ${dim_flows.flow_name}
      and ${agg_recording_compliance_daily.flow_version} = ${dim_flows.flow_version} ;;
  }
}
