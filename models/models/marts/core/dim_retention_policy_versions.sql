-- One row per version of a media retention policy: when it applied, whether it was enabled
-- and recorded the screen, and how many values of each condition type restricted it. The
-- compliance models match each agent session to the version in effect when its conversation
-- started; this is where an analyst sees since when a policy covers what it covers.
with

policy_versions as (

    select * from {{ ref('int_retention_policy_versions') }}

),

policy_conditions as (

    select * from {{ ref('int_retention_policy_conditions_versioned') }}

),

conditions_counted as (

    select
        policy_version_id,
        count(case when condition_type = 'direction' then 1 end) as direction_values,
        count(case when condition_type = 'queue' then 1 end) as queue_values,
        count(case when condition_type = 'user' then 1 end) as user_values,
        count(case when condition_type = 'wrapup_code' then 1 end) as wrap_up_code_values,
        count(case when condition_type = 'language' then 1 end) as language_values,
        count(case when condition_type = 'date_range' then 1 end) as date_range_values,
        count(case when condition_type = 'time_slot' then 1 end) as time_slot_values,
        count(case when not is_evaluable then 1 end) as unevaluable_values
    from policy_conditions
    group by policy_version_id

),

final as (

    select
        -- ids
        policy_versions.policy_version_id,
        policy_versions.policy_id,

        -- numerics
        policy_versions.version_number,
        policy_versions.policy_order,
        coalesce(conditions_counted.direction_values, 0) as direction_values,
        coalesce(conditions_counted.queue_values, 0) as queue_values,
        coalesce(conditions_counted.user_values, 0) as user_values,
        coalesce(conditions_counted.wrap_up_code_values, 0) as wrap_up_code_values,
        coalesce(conditions_counted.language_values, 0) as language_values,
        coalesce(conditions_counted.date_range_values, 0) as date_range_values,
        coalesce(conditions_counted.time_slot_values, 0) as time_slot_values,
        coalesce(conditions_counted.unevaluable_values, 0) as unevaluable_values,

        -- booleans
        policy_versions.is_enabled,
        policy_versions.is_screen_recording_initiated,
        policy_versions.has_call_policy,
        policy_versions.is_current_version,
        policy_versions.is_version_known,

        -- timestamps
        policy_versions.valid_from,
        policy_versions.valid_to

    from policy_versions
    left join conditions_counted
        on policy_versions.policy_version_id = conditions_counted.policy_version_id

)

select * from final
