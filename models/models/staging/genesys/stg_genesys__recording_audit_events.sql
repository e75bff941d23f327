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
        -- the first property change the event records (UpdateRetention: deleteDate), as text
        {{ json_string_at('raw_payload', '$.propertyChanges[0].property') }} as changed_property,
        {{ json_string_at('raw_payload', '$.propertyChanges[0].oldValues[0]') }}
            as changed_property_old_value,
        {{ json_string_at('raw_payload', '$.propertyChanges[0].newValues[0]') }}
            as changed_property_new_value,

        -- timestamps
        event_date as event_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
