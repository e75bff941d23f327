{#-
    The custody evidence of each recording in one row: when it was created, archived, exported
    and deleted by the earliest evidence of each, its export attempts, protection changes and
    retention changes, and who read or downloaded it, with the accesses by users outside the
    allowed group (vars custody_allowed_reader_titles and custody_allowed_reader_user_ids).
-#}

{%- set allowed_titles = var('custody_allowed_reader_titles', []) -%}
{%- set allowed_user_ids = var('custody_allowed_reader_user_ids', []) -%}
{%- set allowed_conditions = [] -%}
{%- if allowed_titles | length > 0 -%}
    {%- do allowed_conditions.append("title in ('" ~ allowed_titles | join("', '") ~ "')") -%}
{%- endif -%}
{%- if allowed_user_ids | length > 0 -%}
    {%- do allowed_conditions.append("user_id in ('" ~ allowed_user_ids | join("', '") ~ "')") -%}
{%- endif -%}
{%- set allowed_condition = allowed_conditions | join(' or ') if allowed_conditions else 'false' -%}

with

-- Read by several CTEs below, each with its own filter: not materialised first (the macro).
events as {{ not_materialized() }} (

    select * from {{ ref('int_recording_custody_events_unioned') }}

),

users as (

    select * from {{ ref('stg_genesys__users') }}

),

allowed_users as (

    select user_id
    from users
    where {{ allowed_condition }}

),

accesses as (

    select
        events.recording_id,
        events.event_type,
        events.actor_user_id,
        allowed_users.user_id is null as is_outside_allowed_group,
        case when events.event_type = 'read' then events.actor_user_id end as reader_user_id,
        case when events.event_type = 'downloaded' then events.actor_user_id end
            as downloader_user_id
    from events
    left join allowed_users
        on events.actor_user_id = allowed_users.user_id
    where
        events.event_type in ('read', 'downloaded')
        and events.event_outcome = 'success'
        and events.actor_user_id is not null

),

access_summary as (

    select
        recording_id,
        count(distinct reader_user_id) as reader_count,
        count(distinct downloader_user_id) as downloader_count,
        count(reader_user_id) as read_count,
        count(downloader_user_id) as download_count,
        sum(case when is_outside_allowed_group then 1 else 0 end) as outside_group_access_count,
        string_agg(distinct reader_user_id, ',' order by reader_user_id) as reader_user_ids,
        string_agg(distinct downloader_user_id, ',' order by downloader_user_id)
            as downloader_user_ids,
        string_agg(
            distinct case when is_outside_allowed_group then actor_user_id end, ','
            order by case when is_outside_allowed_group then actor_user_id end
        ) as outside_group_user_ids
    from accesses
    group by recording_id

),

event_summary as (

    select
        recording_id,
        max(conversation_id) as conversation_id,
        count(*) as custody_event_count,
        min(case when event_type = 'created' then event_at end) as created_at,
        min(
            case
                when event_type = 'archived' or event_type = 'file_state_archived' then event_at
            end
        ) as archived_at,
        min(
            case when event_type = 'exported' and event_outcome = 'success' then event_at end
        ) as exported_at,
        min(
            case when event_type = 'deleted' or event_type = 'file_state_deleted' then event_at end
        ) as deleted_at,
        min(case when event_type = 'deleted' then event_at end) as audited_deleted_at,
        max(
            case
                when
                    (event_type = 'exported' and event_outcome = 'failure')
                    or event_type = 'export_job_failed'
                    then event_at
            end
        ) as export_failed_at,
        max(case when event_type = 'export_job_failed' then source_event_id end)
            as export_job_id,
        max(case when event_type = 'export_job_failed' then event_detail end)
            as export_integration_id,
        max(case when event_type = 'protection_applied' then event_at end)
            as protection_applied_at,
        max(case when event_type = 'protection_revoked' then event_at end)
            as protection_revoked_at,
        min(case when event_type = 'retention_updated' then event_at end)
            as retention_first_updated_at,
        max(case when event_type = 'file_state_deleted' then 1 else 0 end) = 1
            as is_deletion_observed
    from events
    group by recording_id

),

-- The delete date before the first retention change (UpdateRetention's old deleteDate). Only
-- the few retention and protection events are read again, not the whole history.
retention_changes as (

    select
        recording_id,
        event_at,
        event_detail,
        min(event_at) over (partition by recording_id) as first_updated_at
    from events
    where event_type = 'retention_updated'

),

first_retention_changes as (

    select
        recording_id,
        max(
            {{ try_cast_timestamp("substr(event_detail, 12)") }}
        ) as delete_date_before_retention_change
    from retention_changes
    where event_at = first_updated_at and event_detail like 'deleteDate:%'
    group by recording_id

),

-- Protection changes up to the deletion: was the recording under protection when deleted?
protection_at_deletion as (

    select
        events.recording_id,
        max(case when events.event_type = 'protection_applied' then events.event_at end)
            as applied_before_deletion_at,
        max(case when events.event_type = 'protection_revoked' then events.event_at end)
            as revoked_before_deletion_at
    from events
    inner join event_summary
        on events.recording_id = event_summary.recording_id
    where
        events.event_type in ('protection_applied', 'protection_revoked')
        and events.event_at <= event_summary.deleted_at
    group by events.recording_id

),

final as (

    select
        -- ids
        event_summary.recording_id,
        event_summary.conversation_id,
        event_summary.export_job_id,
        event_summary.export_integration_id,

        -- strings
        access_summary.reader_user_ids,
        access_summary.downloader_user_ids,
        access_summary.outside_group_user_ids,

        -- numerics
        event_summary.custody_event_count,
        coalesce(access_summary.reader_count, 0) as reader_count,
        coalesce(access_summary.downloader_count, 0) as downloader_count,
        coalesce(access_summary.read_count, 0) as read_count,
        coalesce(access_summary.download_count, 0) as download_count,
        coalesce(access_summary.outside_group_access_count, 0) as outside_group_access_count,

        -- booleans
        event_summary.is_deletion_observed,
        event_summary.audited_deleted_at is not null as is_deletion_audited,
        protection_at_deletion.applied_before_deletion_at is not null
        and (
            protection_at_deletion.revoked_before_deletion_at is null
            or protection_at_deletion.revoked_before_deletion_at
            < protection_at_deletion.applied_before_deletion_at
        ) as is_deleted_while_protected,

        -- timestamps
        event_summary.created_at,
        event_summary.archived_at,
        event_summary.exported_at,
        event_summary.deleted_at,
        event_summary.export_failed_at,
        event_summary.protection_applied_at,
        event_summary.protection_revoked_at,
        event_summary.retention_first_updated_at,
        first_retention_changes.delete_date_before_retention_change

    from event_summary
    left join access_summary
        on event_summary.recording_id = access_summary.recording_id
    left join first_retention_changes
        on event_summary.recording_id = first_retention_changes.recording_id
    left join protection_at_deletion
        on event_summary.recording_id = protection_at_deletion.recording_id

)

select * from final
