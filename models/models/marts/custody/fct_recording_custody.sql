{#-
    One row per recording with custody evidence: its current state, lifecycle times, export,
    protection, access, and a verdict naming every gap in its chain of custody. The gaps and
    their precedence are documented in _custody__models.yml.
-#}

with

custody as (

    select * from {{ ref('int_recording_custody_events_aggregated_to_recordings') }}

),

recordings as (

    select * from {{ ref('stg_genesys__recordings') }}

),

lifecycles as (

    select * from {{ ref('stg_genesys__recording_lifecycles') }}

),

protection_checks as (

    select * from {{ ref('stg_genesys__deletion_protection_checks') }}

),

joined as (

    select
        custody.recording_id,
        coalesce(recordings.conversation_id, lifecycles.conversation_id, custody.conversation_id)
            as conversation_id,
        recordings.session_id,
        recordings.recording_medium as media_type,
        recordings.file_state as current_state,
        custody.export_job_id,
        custody.export_integration_id as export_destination,
        custody.reader_user_ids,
        custody.downloader_user_ids,
        custody.outside_group_user_ids,
        custody.custody_event_count,
        custody.reader_count,
        custody.downloader_count,
        custody.read_count,
        custody.download_count,
        custody.outside_group_access_count,
        custody.is_deleted_while_protected,
        coalesce(custody.is_deletion_observed or recordings.file_state = 'DELETED', false)
            as is_deleted,
        custody.is_deletion_audited,
        protection_checks.is_protected as is_protected_by_lookup,
        custody.protection_applied_at,
        custody.protection_revoked_at,
        protection_checks.protection_checked_at,
        coalesce(lifecycles.recording_created_at, custody.created_at) as created_at,
        custody.archived_at,
        coalesce(recordings.exported_at, lifecycles.exported_at, custody.exported_at)
            as exported_at,
        custody.deleted_at,
        custody.export_failed_at,
        coalesce(recordings.scheduled_export_at, lifecycles.scheduled_export_at)
            as scheduled_export_at,
        coalesce(recordings.scheduled_delete_at, lifecycles.scheduled_delete_at)
            as scheduled_delete_at,
        coalesce(
            custody.delete_date_before_retention_change,
            recordings.scheduled_delete_at,
            lifecycles.scheduled_delete_at
        ) as policy_delete_at,
        coalesce(recordings._extracted_at, lifecycles._extracted_at) as last_observed_at
    from custody
    left join recordings
        on custody.recording_id = recordings.recording_id
    left join lifecycles
        on custody.recording_id = lifecycles.recording_id
    left join protection_checks
        on
            coalesce(
                recordings.conversation_id, lifecycles.conversation_id, custody.conversation_id
            )
            = protection_checks.conversation_id

),

flagged as (

    select
        *,
        coalesce(
            is_protected_by_lookup,
            protection_applied_at is not null
            and (protection_revoked_at is null or protection_revoked_at < protection_applied_at)
        ) as is_protected,
        protection_revoked_at is not null
        and (protection_applied_at is null or protection_revoked_at >= protection_applied_at)
        and not coalesce(is_protected_by_lookup, false) as is_protection_revoked,
        is_deleted and coalesce(deleted_at < policy_delete_at, false)
            as has_deleted_before_policy_date,
        is_deleted and not is_deletion_audited as has_deletion_unaudited,
        export_failed_at is not null and exported_at is null as has_export_failed,
        export_failed_at is null
        and exported_at is null
        and coalesce(
            {{ seconds_between('scheduled_export_at', 'last_observed_at') }}
            >= {{ var('custody_export_grace_hours', 24) }} * 3600,
            false
        ) as has_export_evidence_missing,
        outside_group_access_count > 0 as has_accessed_outside_allowed_group
    from joined

),

verdicts as (

    select
        *,
        case
            when is_deleted_while_protected then 'deleted_while_protected'
            when has_deleted_before_policy_date then 'deleted_before_policy_date'
            when has_deletion_unaudited then 'deletion_unaudited'
            when is_protection_revoked then 'protection_revoked'
            when has_export_failed then 'export_failed'
            when has_export_evidence_missing then 'export_evidence_missing'
            when has_accessed_outside_allowed_group then 'accessed_outside_allowed_group'
            else 'intact'
        end as custody_verdict,
        trim(
            {{ dbt.concat([
                "case when is_deleted_while_protected then 'deleted_while_protected,' else '' end",
                "case when has_deleted_before_policy_date then 'deleted_before_policy_date,' else '' end",
                "case when has_deletion_unaudited then 'deletion_unaudited,' else '' end",
                "case when is_protection_revoked then 'protection_revoked,' else '' end",
                "case when has_export_failed then 'export_failed,' else '' end",
                "case when has_export_evidence_missing then 'export_evidence_missing,' else '' end",
                "case when has_accessed_outside_allowed_group then 'accessed_outside_allowed_group,' else '' end",
            ]) }},
            ','
        ) as custody_gaps,
        (case when is_deleted_while_protected then 1 else 0 end)
        + (case when has_deleted_before_policy_date then 1 else 0 end)
        + (case when has_deletion_unaudited then 1 else 0 end)
        + (case when is_protection_revoked then 1 else 0 end)
        + (case when has_export_failed then 1 else 0 end)
        + (case when has_export_evidence_missing then 1 else 0 end)
        + (case when has_accessed_outside_allowed_group then 1 else 0 end) as custody_gap_count
    from flagged

),

final as (

    select
        -- ids
        recording_id,
        conversation_id,
        session_id,
        export_job_id,
        export_destination,

        -- strings
        media_type,
        current_state,
        custody_verdict,
        custody_gaps,
        reader_user_ids,
        downloader_user_ids,
        outside_group_user_ids,

        -- numerics
        cast(custody_gap_count as {{ dbt.type_bigint() }}) as custody_gap_count,
        cast(custody_event_count as {{ dbt.type_bigint() }}) as custody_event_count,
        cast(reader_count as {{ dbt.type_bigint() }}) as reader_count,
        cast(downloader_count as {{ dbt.type_bigint() }}) as downloader_count,
        cast(read_count as {{ dbt.type_bigint() }}) as read_count,
        cast(download_count as {{ dbt.type_bigint() }}) as download_count,
        cast(outside_group_access_count as {{ dbt.type_bigint() }}) as outside_group_access_count,

        -- booleans
        coalesce(is_protected, false) as is_protected,
        is_protection_revoked,
        is_deleted,
        is_deleted_while_protected as has_deleted_while_protected,
        has_deleted_before_policy_date,
        has_deletion_unaudited,
        is_protection_revoked as has_protection_revoked,
        has_export_failed,
        has_export_evidence_missing,
        has_accessed_outside_allowed_group,

        -- timestamps
        created_at,
        archived_at,
        exported_at,
        deleted_at,
        export_failed_at,
        scheduled_export_at,
        scheduled_delete_at,
        policy_delete_at,
        protection_applied_at,
        protection_revoked_at,
        protection_checked_at,
        last_observed_at

    from verdicts

)

select * from final
