with

latest_observations as (

    {{ latest_observation(
        ref('base_genesys__recording_observations'),
        ['recording_id']
    ) }}

),

renamed as (

    select
        -- ids
        recording_id,
        conversation_id,
        session_id,

        -- strings
        media,
        media_subtype,
        case
            when lower(media) = 'screen' or media_subtype = 'Screen' then 'screen'
            when lower(media) = 'audio' then 'audio'
            else lower(media)
        end as recording_medium,
        file_state,
        archive_medium,
        region,

        -- timestamps
        start_time as recording_started_at,
        end_time as recording_ended_at,
        archive_date as scheduled_archive_at,
        delete_date as scheduled_delete_at,
        export_date as scheduled_export_at,
        exported_date as exported_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
