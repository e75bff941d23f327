{#-
    Every custody event of every recording, from each source of evidence, one row each (not yet
    ordered or hashed; fct_recording_custody_events does that):
    - recording_metadata: a change of the recording's observed fileState (metadata history);
    - retention_query: the creation and export dates the retention query reports;
    - bulk_job: a recording an ARCHIVE, DELETE or EXPORT bulk job failed to process;
    - recording_audit: the quality audit trail (create, read, download, export, archive,
      restore, protection, retention changes, delete), by user or system.
    Org audit events are about configuration (policies, integrations, data actions), not about
    one recording, so they are not custody events of a recording.
-#}

with

state_changes as (

    select * from {{ ref('int_recording_observations_reduced_to_state_changes') }}

),

-- Read twice (creation and export dates): not materialised first (the macro).
lifecycles as {{ not_materialized() }} (

    select * from {{ ref('stg_genesys__recording_lifecycles') }}

),

job_failures as (

    select * from {{ ref('stg_genesys__recording_job_failures') }}

),

jobs as (

    select * from {{ ref('stg_genesys__recording_jobs') }}

),

audit_events as (

    select * from {{ ref('stg_genesys__recording_audit_events') }}
    where entity_id is not null

),

metadata_events as (

    select
        recording_id,
        conversation_id,
        'file_state_' || lower(coalesce(file_state, 'unknown')) as event_type,
        'recording_metadata' as event_source,
        cast(null as {{ dbt.type_string() }}) as event_outcome,
        cast(null as {{ dbt.type_string() }}) as actor_user_id,
        observed_at as event_at,
        observation_file_id as source_event_id,
        previous_file_state as event_detail,
        1 as source_rank
    from state_changes

),

created_events as (

    select
        recording_id,
        conversation_id,
        'created' as event_type,
        'retention_query' as event_source,
        cast(null as {{ dbt.type_string() }}) as event_outcome,
        cast(null as {{ dbt.type_string() }}) as actor_user_id,
        recording_created_at as event_at,
        cast(null as {{ dbt.type_string() }}) as source_event_id,
        cast(null as {{ dbt.type_string() }}) as event_detail,
        2 as source_rank
    from lifecycles
    where recording_created_at is not null

),

exported_events as (

    select
        recording_id,
        conversation_id,
        'exported' as event_type,
        'retention_query' as event_source,
        'success' as event_outcome,
        cast(null as {{ dbt.type_string() }}) as actor_user_id,
        exported_at as event_at,
        cast(null as {{ dbt.type_string() }}) as source_event_id,
        cast(null as {{ dbt.type_string() }}) as event_detail,
        2 as source_rank
    from lifecycles
    where exported_at is not null

),

job_failure_events as (

    select
        job_failures.recording_id,
        job_failures.conversation_id,
        lower(coalesce(jobs.job_action, 'unknown')) || '_job_failed' as event_type,
        'bulk_job' as event_source,
        'failure' as event_outcome,
        jobs.user_id as actor_user_id,
        coalesce(jobs.scheduled_action_at, jobs.job_created_at, job_failures._extracted_at)
            as event_at,
        job_failures.job_id as source_event_id,
        jobs.integration_id as event_detail,
        3 as source_rank
    from job_failures
    left join jobs
        on job_failures.job_id = jobs.job_id

),

audit_custody_events as (

    select
        entity_id as recording_id,
        conversation_id,
        case audit_action
            when 'Create' then 'created'
            when 'Read' then 'read'
            when 'Download' then 'downloaded'
            when 'Export' then 'exported'
            when 'Archive' then 'archived'
            when 'RestoreRequest' then 'restore_requested'
            when 'RestoreComplete' then 'restored'
            when 'ApplyProtection' then 'protection_applied'
            when 'RevokeProtection' then 'protection_revoked'
            when 'UpdateRetention' then 'retention_updated'
            when 'Delete' then 'deleted'
            else lower(coalesce(audit_action, 'unknown'))
        end as event_type,
        'recording_audit' as event_source,
        lower(audit_status) as event_outcome,
        user_id as actor_user_id,
        event_at,
        event_id as source_event_id,
        case
            when changed_property is not null
                then changed_property || ':' || coalesce(changed_property_old_value, '')
        end as event_detail,
        0 as source_rank
    from audit_events

),

unioned as (

    select * from audit_custody_events
    union all
    select * from metadata_events
    union all
    select * from created_events
    union all
    select * from exported_events
    union all
    select * from job_failure_events

),

keyed as (

    select
        -- ids
        {{ surrogate_key(['event_source', 'source_event_id', 'recording_id', 'event_type']) }}
            as custody_event_id,
        recording_id,
        conversation_id,
        source_event_id,
        actor_user_id,

        -- strings
        event_type,
        event_source,
        event_outcome,
        event_detail,

        -- numerics
        source_rank,

        -- timestamps
        event_at

    from unioned

),

-- The order of each recording's events (fct_recording_custody_events chains its hashes in it).
sequenced as (

    select
        *,
        row_number() over (
            partition by recording_id
            order by event_at, source_rank, event_type, source_event_id, custody_event_id
        ) as event_sequence
    from keyed

)

select * from sequenced
