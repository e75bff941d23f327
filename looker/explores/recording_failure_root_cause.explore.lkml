# Screen-recording failures with and without the data action's timeout, by hour and action.
explore: recording_failure_root_cause {
  label: "Recording failure root cause"
  view_name: agg_recording_failure_root_cause
}
