with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__recording_audit_events'),
        ['event_id']
    ) }}

),

renamed as (

    select
        -- ids
        event_id,
        entity_id,
        conversation_id,
        user_id,
        client_id,

        -- strings
        service_name,
        action as audit_action,
        entity_type,
        user_name,
        level as audit_level,
        status as audit_status,

        -- timestamps
        event_date as event_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
