# "Can we prove what happened to this recording from creation to export, and who touched it?"
explore: recording_custody {
  from: fct_recording_custody
  view_name: fct_recording_custody
  label: "Recording chain of custody"
  description: "One row per recording with its custody verdict and gaps; join its ordered, hash-chained events."

  join: fct_recording_custody_events {
    type: left_outer
    relationship: one_to_many
    sql_on: ${fct_recording_custody.recording_id} = ${fct_recording_custody_events.recording_id} ;;
  }
}

explore: recording_custody_events {
  from: fct_recording_custody_events
  view_name: fct_recording_custody_events
  label: "Recording custody events"
  description: "Every custody event of every recording, in order, with actor, source and hash."
}
