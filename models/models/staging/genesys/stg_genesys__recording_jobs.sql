with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__recording_jobs'),
        ['job_id']
    ) }}

),

renamed as (

    select
        -- ids
        job_id,
        integration_id,
        user_id,

        -- strings
        state as job_state,
        action as job_action,
        error_message,

        -- numerics
        total_conversations as conversation_count,
        total_recordings as recording_count,
        total_skipped_recordings as skipped_recording_count,
        total_failed_recordings as failed_recording_count,
        total_processed_recordings as processed_recording_count,
        percent_progress,

        -- timestamps
        action_date as scheduled_action_at,
        date_created as job_created_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
