with

latest_observations as (

    {{ latest_observation(
        source('pipeline', 'etl_quarantine'),
        ['quarantine_id']
    ) }}

),

renamed as (

    select
        -- ids
        quarantine_id,
        record_key,

        -- strings
        stream,
        reason as quarantine_reason,
        raw_payload,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
