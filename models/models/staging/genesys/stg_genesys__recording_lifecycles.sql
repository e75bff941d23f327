with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__recording_lifecycle'),
        ['recording_id']
    ) }}

),

renamed as (

    select
        -- ids
        recording_id,
        conversation_id,

        -- strings
        archive_medium,

        -- timestamps
        creation_time as recording_created_at,
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
