-- The callPolicy conditions of each policy version, one row per value. For each condition
-- type, a version's values are the old values of the first change of that condition after
-- the version ended (the audit event's property change), or the policy's current values when
-- the condition has not changed since. A version before a change the models cannot read (a
-- time-allowed change, an unknown condition) also gets an `unsupported` row. is_evaluable is
-- false for a value that could not be read: its policy version is undeterminable.
with

versions as (

    select * from {{ ref('int_retention_policy_versions') }}

),

condition_values as (

    select * from {{ ref('stg_genesys__retention_policy_condition_values') }}

),

policy_changes as (

    select * from {{ ref('stg_genesys__retention_policy_changes') }}

),

condition_changes_after_versions as (

    select
        versions.policy_version_id,
        policy_changes.change_type,
        policy_changes.event_id,
        policy_changes.change_index,
        row_number() over (
            partition by versions.policy_version_id, policy_changes.change_type
            order by
                policy_changes.changed_at asc,
                policy_changes.event_id asc,
                policy_changes.change_index asc
        ) as change_rank
    from versions
    inner join policy_changes
        on
            versions.policy_id = policy_changes.policy_id
            and versions.valid_to <= policy_changes.changed_at
    where
        policy_changes.value_index = -1
        and policy_changes.change_type in (
            'direction', 'queue', 'user', 'wrapup_code', 'language', 'date_range'
        )

),

first_condition_changes as (

    select * from condition_changes_after_versions
    where change_rank = 1

),

values_before_changes as (

    select
        first_condition_changes.policy_version_id,
        policy_changes.change_type as condition_type,
        policy_changes.event_id as condition_source,
        policy_changes.value_index,
        policy_changes.old_condition_value_id as condition_value_id,
        policy_changes.old_date_range_started_at as date_range_started_at,
        policy_changes.old_date_range_ended_at as date_range_ended_at,
        cast(null as {{ dbt.type_bigint() }}) as slot_iso_day_of_week,
        cast(null as {{ dbt.type_string() }}) as slot_start_time,
        cast(null as {{ dbt.type_string() }}) as slot_stop_time,
        cast(null as {{ dbt.type_string() }}) as time_zone_id
    from first_condition_changes
    inner join policy_changes
        on
            first_condition_changes.event_id = policy_changes.event_id
            and first_condition_changes.change_index = policy_changes.change_index
    where policy_changes.value_index >= 0

),

current_values as (

    select
        versions.policy_version_id,
        condition_values.condition_type,
        'policy' as condition_source,
        condition_values.value_index,
        condition_values.condition_value_id,
        condition_values.date_range_started_at,
        condition_values.date_range_ended_at,
        condition_values.slot_iso_day_of_week,
        condition_values.slot_start_time,
        condition_values.slot_stop_time,
        condition_values.time_zone_id
    from versions
    inner join condition_values
        on versions.policy_id = condition_values.policy_id
    left join first_condition_changes
        on
            versions.policy_version_id = first_condition_changes.policy_version_id
            and condition_values.condition_type = first_condition_changes.change_type
    where
        condition_values.media_policy = 'callPolicy'
        and first_condition_changes.policy_version_id is null

),

unreadable_changes as (

    select distinct
        versions.policy_version_id,
        'unsupported' as condition_type,
        policy_changes.event_id as condition_source,
        policy_changes.change_index as value_index,
        policy_changes.changed_property as condition_value_id,
        policy_changes.old_date_range_started_at as date_range_started_at,
        policy_changes.old_date_range_ended_at as date_range_ended_at,
        cast(null as {{ dbt.type_bigint() }}) as slot_iso_day_of_week,
        cast(null as {{ dbt.type_string() }}) as slot_start_time,
        cast(null as {{ dbt.type_string() }}) as slot_stop_time,
        cast(null as {{ dbt.type_string() }}) as time_zone_id
    from versions
    inner join policy_changes
        on
            versions.policy_id = policy_changes.policy_id
            and versions.valid_to <= policy_changes.changed_at
    where
        policy_changes.change_type = 'unsupported'
        and policy_changes.value_index = -1

),

unioned as (

    select * from values_before_changes
    union all
    select * from current_values
    union all
    select * from unreadable_changes

),

final as (

    select
        -- ids
        {{ surrogate_key([
            'unioned.policy_version_id',
            'unioned.condition_type',
            'unioned.condition_source',
            'unioned.value_index'
        ]) }} as policy_condition_id,
        unioned.policy_version_id,
        versions.policy_id,
        unioned.condition_value_id,

        -- strings
        unioned.condition_type,
        unioned.condition_source,
        unioned.time_zone_id,

        -- numerics
        unioned.value_index,
        unioned.slot_iso_day_of_week,
        {{ time_of_day_seconds('unioned.slot_start_time') }} as slot_start_seconds,
        -- a slot ending at midnight (00:00 or 24:00) runs to the end of the day
        case
            when {{ time_of_day_seconds('unioned.slot_stop_time') }} = 0 then 86400
            else {{ time_of_day_seconds('unioned.slot_stop_time') }}
        end as slot_stop_seconds,

        -- booleans
        case unioned.condition_type
            when 'date_range'
                then
                    unioned.date_range_started_at is not null
                    and unioned.date_range_ended_at is not null
            when 'time_slot'
                then
                    unioned.slot_iso_day_of_week is not null
                    and unioned.slot_start_time is not null
                    and unioned.slot_stop_time is not null
                    and unioned.time_zone_id is not null
            when 'unsupported' then false
            else unioned.condition_value_id is not null
        end as is_evaluable,

        -- timestamps
        unioned.date_range_started_at,
        unioned.date_range_ended_at

    from unioned
    inner join versions
        on unioned.policy_version_id = versions.policy_version_id

)

select * from final
