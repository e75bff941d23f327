# Chain of custody per recording, with its events (views from the custody marts).
explore: recording_custody {
  label: "Recording custody"
  view_name: fct_recording_custody

  join: fct_recording_custody_events {
    type: left_outer
    relationship: one_to_many
    sql_on: ${fct_recording_custody.recording_id} = ${fct_recording_custody_events.recording_id} ;;
  }
}
