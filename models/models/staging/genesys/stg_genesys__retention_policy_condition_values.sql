-- Only the rows extracted with the policy's latest observation: a condition removed from
-- the policy is gone, not kept from an older observation.
with

latest_observations as (

    {{ rows_of_parent_observation(
        ref('base_genesys__retention_policy_condition_values'),
        ref('base_genesys__retention_policies'),
        'policy_id'
    ) }}

),

renamed as (

    select
        -- ids
        policy_id,
        value_id as condition_value_id,

        -- strings
        media_policy,
        condition_type,
        slot_start_time,
        slot_stop_time,
        time_zone_id,
        raw_value as raw_condition_value,

        -- numerics
        value_index,
        slot_day as slot_iso_day_of_week,

        -- timestamps
        range_start as date_range_started_at,
        range_end as date_range_ended_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
