with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__retention_policy_changes'),
        ['event_id', 'change_index', 'value_index']
    ) }}

),

renamed as (

    select
        -- ids
        event_id,
        policy_id,
        old_value as old_condition_value_id,

        -- strings
        property as changed_property,
        change_type,

        -- numerics
        change_index,
        value_index,

        -- timestamps
        changed_at,
        range_start as old_date_range_started_at,
        range_end as old_date_range_ended_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
