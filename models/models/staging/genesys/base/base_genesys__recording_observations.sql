{{ config(materialized='view') }}

-- Every observation of every recording's metadata, as loaded (append-only): the history that
-- stg_genesys__recordings reduces to the latest observation and the custody models read as
-- state changes. A view: it only passes the raw relation on.

with

observations as (

    select
        recording_id,
        conversation_id,
        session_id,
        media,
        media_subtype,
        file_state,
        archive_medium,
        region,
        start_time,
        end_time,
        archive_date,
        delete_date,
        export_date,
        exported_date,
        raw_payload,
        _run_id,
        _file_id,
        _extracted_at,
        _window_start,
        _window_end,
        _record_hash
    from {{ source('genesys', 'raw_genesys__recordings') }}

)

select * from observations
