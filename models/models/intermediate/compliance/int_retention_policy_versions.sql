-- One row per version of a media retention policy: the policy as it was from valid_from
-- (inclusive) to valid_to (exclusive, null while current). A version starts when the policy
-- was created and at each change the org audit trail records (Update events), and ends at the
-- next change or at the policy's deletion (Delete event). Genesys applies policies only to
-- interactions after they are published, so a conversation is matched against the version
-- valid when it started. The latest observation of the policy is the current version; an
-- earlier version's enabled flag and screen recording action come from the first later change
-- of that property (its old value), or from the current policy when none changed them since.
-- The policy's modifiedDate must be explained by an Update event: when it is not (the change
-- happened outside the audited windows), the policy before modifiedDate is unknown and its
-- versions are flagged is_version_known = false (policy_undetermined downstream).
with

policies as (

    select * from {{ ref('stg_genesys__retention_policies') }}

),

org_audit_events as (

    select * from {{ ref('stg_genesys__org_audit_events') }}

),

policy_changes as (

    select * from {{ ref('stg_genesys__retention_policy_changes') }}

),

policy_audit_events as (

    select
        entity_id as policy_id,
        lower(audit_action) as audit_action,
        event_at
    from org_audit_events
    where
        lower(entity_type) = 'policy'
        and lower(audit_action) in ('create', 'update', 'delete')
        and coalesce(upper(audit_status), 'SUCCESS') = 'SUCCESS'

),

policy_lifecycles as (

    select
        policies.policy_id,
        policies.policy_order,
        policies.is_enabled,
        policies.is_screen_recording_initiated,
        coalesce(policies.has_call_policy, false) as has_call_policy,
        policies.policy_modified_at,
        coalesce(
            policies.policy_created_at,
            min(
                case
                    when policy_audit_events.audit_action = 'create'
                        then policy_audit_events.event_at
                end
            )
        ) as policy_created_at,
        min(
            case
                when policy_audit_events.audit_action = 'delete'
                    then policy_audit_events.event_at
            end
        ) as policy_deleted_at,
        -- audit dates carry whole seconds, modifiedDate milliseconds
        coalesce(max(
            case
                when
                    policy_audit_events.audit_action = 'update'
                    and {{ dbt.date_trunc('second', 'policy_audit_events.event_at') }}
                    = {{ dbt.date_trunc('second', 'policies.policy_modified_at') }}
                    then 1
            end
        ) = 1, false) as is_modification_audited
    from policies
    left join policy_audit_events
        on policies.policy_id = policy_audit_events.policy_id
    group by
        policies.policy_id,
        policies.policy_order,
        policies.is_enabled,
        policies.is_screen_recording_initiated,
        policies.has_call_policy,
        policies.policy_modified_at,
        policies.policy_created_at

),

policy_bounds as (

    select
        *,
        -- a modification the audit trail does not explain hides what the policy was before it
        case
            when
                not is_modification_audited
                and policy_modified_at is not null
                and (
                    policy_created_at is null
                    or {{ dbt.date_trunc('second', 'policy_modified_at') }}
                    > {{ dbt.date_trunc('second', 'policy_created_at') }}
                )
                then policy_modified_at
        end as unaudited_modified_at
    from policy_lifecycles

),

change_points as (

    select
        policy_audit_events.policy_id,
        policy_audit_events.event_at as valid_from
    from policy_audit_events
    where policy_audit_events.audit_action = 'update'

    union distinct

    select
        policy_id,
        unaudited_modified_at as valid_from
    from policy_bounds
    where unaudited_modified_at is not null

),

version_starts as (

    select
        policy_id,
        policy_created_at as valid_from
    from policy_bounds

    union distinct

    select
        change_points.policy_id,
        change_points.valid_from
    from change_points
    inner join policy_bounds
        on change_points.policy_id = policy_bounds.policy_id
    where
        (
            policy_bounds.policy_created_at is null
            or change_points.valid_from > policy_bounds.policy_created_at
        )
        and (
            policy_bounds.policy_deleted_at is null
            or change_points.valid_from < policy_bounds.policy_deleted_at
        )

),

versions as (

    select
        version_starts.policy_id,
        version_starts.valid_from,
        coalesce(
            lead(version_starts.valid_from) over (
                partition by version_starts.policy_id
                order by version_starts.valid_from asc nulls first
            ),
            policy_bounds.policy_deleted_at
        ) as valid_to,
        row_number() over (
            partition by version_starts.policy_id
            order by version_starts.valid_from asc nulls first
        ) as version_number
    from version_starts
    inner join policy_bounds
        on version_starts.policy_id = policy_bounds.policy_id

),

-- the first change of enabled / the screen recording action after each version ended (its
-- marker row), with its old value (null when the audit event held none that could be read)
flag_changes as (

    select
        versions.policy_id,
        versions.valid_from,
        policy_changes.change_type,
        policy_changes.event_id,
        policy_changes.change_index,
        row_number() over (
            partition by versions.policy_id, versions.valid_from, policy_changes.change_type
            order by policy_changes.changed_at asc, policy_changes.event_id asc
        ) as change_rank
    from versions
    inner join policy_changes
        on
            versions.policy_id = policy_changes.policy_id
            and versions.valid_to <= policy_changes.changed_at
    where
        policy_changes.change_type in ('enabled', 'screen_recording')
        and policy_changes.value_index = -1

),

first_flag_changes as (

    select
        flag_changes.policy_id,
        flag_changes.valid_from,
        max(case when flag_changes.change_type = 'enabled' then 1 else 0 end) = 1
            as is_enabled_changed,
        max(
            case
                when flag_changes.change_type = 'enabled'
                    then old_values.old_condition_value_id
            end
        ) as old_enabled,
        max(case when flag_changes.change_type = 'screen_recording' then 1 else 0 end) = 1
            as is_screen_changed,
        max(
            case
                when flag_changes.change_type = 'screen_recording'
                    then old_values.old_condition_value_id
            end
        ) as old_screen_recording
    from flag_changes
    left join policy_changes as old_values
        on
            flag_changes.event_id = old_values.event_id
            and flag_changes.change_index = old_values.change_index
            and old_values.value_index = 0
    where flag_changes.change_rank = 1
    group by flag_changes.policy_id, flag_changes.valid_from

),

final as (

    select
        -- ids
        {{ surrogate_key(['versions.policy_id', 'versions.valid_from']) }} as policy_version_id,
        versions.policy_id,

        -- numerics
        versions.version_number,
        policy_bounds.policy_order,

        -- booleans
        -- an enabled flag the change's audit event did not hold is unknown (null)
        case
            when first_flag_changes.is_enabled_changed
                then
                    case first_flag_changes.old_enabled
                        when 'true' then true
                        when 'false' then false
                    end
            else policy_bounds.is_enabled
        end as is_enabled,
        case
            when first_flag_changes.is_screen_changed
                then first_flag_changes.old_screen_recording = 'true'
            else coalesce(policy_bounds.is_screen_recording_initiated, false)
        end as is_screen_recording_initiated,
        policy_bounds.has_call_policy,
        versions.valid_to is null as is_current_version,
        not coalesce(versions.valid_to <= policy_bounds.unaudited_modified_at, false)
            as is_version_known,

        -- timestamps
        versions.valid_from,
        versions.valid_to

    from versions
    inner join policy_bounds
        on versions.policy_id = policy_bounds.policy_id
    left join first_flag_changes
        on
            versions.policy_id = first_flag_changes.policy_id
            and versions.valid_from is not distinct from first_flag_changes.valid_from

)

select * from final
