- dashboard: custody_verdicts
  title: "Recording chain of custody"
  description: "Custody verdicts and gaps per recording, and who touched the recordings."
  layout: newspaper
  preferred_viewer: dashboards-next

  filters:
    - name: media_type
      title: "Media"
      type: field_filter
      default_value: ""
      explore: recording_custody
      field: fct_recording_custody.media_type
    - name: created_date
      title: "Created"
      type: field_filter
      default_value: ""
      explore: recording_custody
      field: fct_recording_custody.created_date

  elements:
    - name: intact_rate
      title: "Recordings with an intact chain of custody"
      type: single_value
      model: genesys_compliance
      explore: recording_custody
      fields: [fct_recording_custody.intact_rate]
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 0
      col: 0
      width: 6
      height: 4

    - name: recordings_with_gaps
      title: "Recordings with custody gaps"
      type: single_value
      model: genesys_compliance
      explore: recording_custody
      fields: [fct_recording_custody.recordings_with_gaps]
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 0
      col: 6
      width: 6
      height: 4

    - name: outside_group_access_rate
      title: "Reads and downloads outside the allowed group"
      type: single_value
      model: genesys_compliance
      explore: recording_custody
      fields: [fct_recording_custody.outside_group_access_rate]
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 0
      col: 12
      width: 6
      height: 4

    - name: protected_recordings
      title: "Recordings under legal hold"
      type: single_value
      model: genesys_compliance
      explore: recording_custody
      fields: [fct_recording_custody.protected_recordings]
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 0
      col: 18
      width: 6
      height: 4

    - name: verdicts
      title: "Recordings by custody verdict"
      type: looker_bar
      model: genesys_compliance
      explore: recording_custody
      fields: [fct_recording_custody.custody_verdict, fct_recording_custody.recordings]
      sorts: [fct_recording_custody.recordings desc]
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 4
      col: 0
      width: 12
      height: 8

    - name: gaps_by_month
      title: "Custody gaps by month created"
      type: looker_column
      model: genesys_compliance
      explore: recording_custody
      fields:
        [
          fct_recording_custody.created_month,
          fct_recording_custody.deleted_before_policy_date_recordings,
          fct_recording_custody.protection_revoked_recordings,
          fct_recording_custody.export_failed_recordings,
          fct_recording_custody.export_evidence_missing_recordings,
          fct_recording_custody.accessed_outside_allowed_group_recordings,
        ]
      sorts: [fct_recording_custody.created_month]
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 4
      col: 12
      width: 12
      height: 8

    - name: recordings_with_gaps_list
      title: "Recordings with gaps"
      type: looker_grid
      model: genesys_compliance
      explore: recording_custody
      fields:
        [
          fct_recording_custody.recording_id,
          fct_recording_custody.conversation_id,
          fct_recording_custody.media_type,
          fct_recording_custody.current_state,
          fct_recording_custody.custody_verdict,
          fct_recording_custody.custody_gaps,
          fct_recording_custody.outside_group_user_ids,
        ]
      filters:
        fct_recording_custody.is_intact: "No"
      sorts: [fct_recording_custody.custody_verdict]
      limit: 500
      listen:
        media_type: fct_recording_custody.media_type
        created_date: fct_recording_custody.created_date
      row: 12
      col: 0
      width: 24
      height: 8

    - name: events_by_type
      title: "Custody events by type and source"
      type: looker_grid
      model: genesys_compliance
      explore: recording_custody_events
      fields:
        [
          fct_recording_custody_events.event_type,
          fct_recording_custody_events.event_source,
          fct_recording_custody_events.events,
          fct_recording_custody_events.user_events,
          fct_recording_custody_events.failed_event_rate,
        ]
      sorts: [fct_recording_custody_events.events desc]
      row: 20
      col: 0
      width: 24
      height: 8
