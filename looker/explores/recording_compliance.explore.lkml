# Agent sessions: the gap by queue, agent and flow, and the root cause (data action timeout).
explore: recording_compliance {
  label: "Recording compliance (agent sessions)"
  view_name: fct_recording_compliance

  join: dim_agents {
    type: left_outer
    relationship: many_to_one
    sql_on: ${fct_recording_compliance.user_id} = ${dim_agents.user_id} ;;
  }

  join: dim_queues {
    type: left_outer
    relationship: many_to_one
    sql_on: ${fct_recording_compliance.queue_id} = ${dim_queues.queue_id} ;;
  }

  join: dim_flows {
    type: left_outer
    relationship: many_to_one
    sql_on: ${fct_recording_compliance.flow_name} = ${dim_flows.flow_name}
      and ${fct_recording_compliance.flow_version} = ${dim_flows.flow_version} ;;
  }
}
