# The compliance gap: what Genesys reports as recorded against what the recording files prove,
# by local hour, queue, agent and flow, with the root cause (the screen-pop data action's timeout).
- dashboard: recording_compliance
  title: Recording compliance gap
  description: >
    Reported compliance (analytics flags) against verified compliance (recording files) by local
    hour, queue, agent and flow version, and the screen-recording failure rate with and without
    the ScreenPop_ScreenRec data action timeout. Source: dbt marts in genesys_marts.
  layout: newspaper
  preferred_viewer: dashboards-next
  crossfilter_enabled: true

  filters:
    - name: local_date
      title: Local date
      type: field_filter
      default_value: 14 days
      allow_multiple_values: true
      required: false
      model: genesys_compliance
      explore: recording_compliance_hourly
      field: agg_recording_compliance_hourly.local_date
    - name: queue
      title: Queue
      type: field_filter
      default_value: ''
      allow_multiple_values: true
      required: false
      model: genesys_compliance
      explore: recording_compliance_hourly
      field: agg_recording_compliance_hourly.queue_name

  elements:
    - name: reported_compliance
      title: Reported compliance
      model: genesys_compliance
      explore: recording_compliance
      type: single_value
      fields: [fct_recording_compliance.interaction_reported_compliance_rate]
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 0
      col: 0
      width: 6
      height: 3

    - name: verified_compliance
      title: Verified compliance
      model: genesys_compliance
      explore: recording_compliance
      type: single_value
      fields: [fct_recording_compliance.interaction_verified_compliance_rate]
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 0
      col: 6
      width: 6
      height: 3

    - name: compliance_gap
      title: Compliance gap (points)
      model: genesys_compliance
      explore: recording_compliance
      type: single_value
      fields: [fct_recording_compliance.interaction_compliance_gap]
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 0
      col: 12
      width: 6
      height: 3

    - name: interactions_in_scope
      title: Interactions policy requires recorded
      model: genesys_compliance
      explore: recording_compliance
      type: single_value
      fields: [fct_recording_compliance.interactions]
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 0
      col: 18
      width: 6
      height: 3

    - name: gap_by_local_hour
      title: Reported vs verified compliance by local hour
      model: genesys_compliance
      explore: recording_compliance
      type: looker_line
      fields:
        - fct_recording_compliance.local_hour
        - fct_recording_compliance.interaction_reported_compliance_rate
        - fct_recording_compliance.interaction_verified_compliance_rate
        - fct_recording_compliance.interactions
      sorts: [fct_recording_compliance.local_hour]
      limit: 24
      hidden_fields: [fct_recording_compliance.interactions]
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 3
      col: 0
      width: 24
      height: 8

    - name: gap_by_queue
      title: Compliance gap by queue
      model: genesys_compliance
      explore: recording_compliance_hourly
      type: looker_bar
      fields:
        - agg_recording_compliance_hourly.queue_name
        - agg_recording_compliance_hourly.compliance_gap
        - agg_recording_compliance_hourly.reported_compliance_rate
        - agg_recording_compliance_hourly.verified_compliance_rate
        - agg_recording_compliance_hourly.interactions
      sorts: [agg_recording_compliance_hourly.compliance_gap desc]
      limit: 50
      listen:
        local_date: agg_recording_compliance_hourly.local_date
        queue: agg_recording_compliance_hourly.queue_name
      row: 11
      col: 0
      width: 12
      height: 8

    - name: gap_by_flow
      title: Compliance gap by flow version
      model: genesys_compliance
      explore: recording_compliance
      type: looker_grid
      fields:
        - dim_flows.flow_name
        - dim_flows.flow_version
        - fct_recording_compliance.agent_sessions
        - fct_recording_compliance.reported_compliance_rate
        - fct_recording_compliance.verified_compliance_rate
        - fct_recording_compliance.compliance_gap
      sorts: [fct_recording_compliance.compliance_gap desc]
      limit: 50
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 11
      col: 12
      width: 12
      height: 8

    - name: gap_by_agent
      title: Agents with the largest compliance gap
      model: genesys_compliance
      explore: recording_compliance
      type: looker_grid
      fields:
        - dim_agents.user_name
        - dim_agents.division_name
        - fct_recording_compliance.agent_sessions
        - fct_recording_compliance.reported_compliance_rate
        - fct_recording_compliance.verified_compliance_rate
        - fct_recording_compliance.compliance_gap
      sorts: [fct_recording_compliance.compliance_gap desc]
      limit: 25
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 19
      col: 0
      width: 12
      height: 8

    - name: discrepancy_types
      title: Why reported is not verified (agent sessions by discrepancy type)
      model: genesys_compliance
      explore: recording_compliance
      type: looker_pie
      fields:
        - fct_recording_compliance.discrepancy_type
        - fct_recording_compliance.agent_sessions
      filters:
        fct_recording_compliance.discrepancy_type: "-none"
      sorts: [fct_recording_compliance.agent_sessions desc]
      limit: 10
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 19
      col: 12
      width: 12
      height: 8

    - name: root_cause_by_timeout
      title: "Root cause: screen failure rate with and without the data action timeout"
      model: genesys_compliance
      explore: recording_compliance
      type: looker_column
      fields:
        - fct_recording_compliance.has_data_action_timeout
        - fct_recording_compliance.screen_required_sessions
        - fct_recording_compliance.screen_failed_sessions
        - fct_recording_compliance.screen_failure_rate
      sorts: [fct_recording_compliance.has_data_action_timeout]
      limit: 2
      listen:
        local_date: fct_recording_compliance.local_date
        queue: fct_recording_compliance.queue_name
      row: 27
      col: 0
      width: 12
      height: 8

    - name: root_cause_by_hour
      title: "Root cause by local hour: data action timeouts and screen failures"
      model: genesys_compliance
      explore: recording_failure_root_cause
      type: looker_line
      fields:
        - agg_recording_failure_root_cause.local_hour
        - agg_recording_failure_root_cause.action_timeout_rate
        - agg_recording_failure_root_cause.screen_failure_rate_with_timeout
        - agg_recording_failure_root_cause.screen_failure_rate_without_timeout
      sorts: [agg_recording_failure_root_cause.local_hour]
      limit: 24
      listen:
        local_date: agg_recording_failure_root_cause.local_date
      row: 27
      col: 12
      width: 12
      height: 8
