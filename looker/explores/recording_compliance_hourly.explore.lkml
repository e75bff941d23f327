# Interactions per hour and queue: reported against verified compliance by local hour.
explore: recording_compliance_hourly {
  label: "Recording compliance by hour"
  view_name: agg_recording_compliance_hourly

  join: dim_queues {
    type: left_outer
    relationship: many_to_one
    sql_on: ${agg_recording_compliance_hourly.queue_id} = ${dim_queues.queue_id} ;;
  }
}
