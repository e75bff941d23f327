with

source as (

    select * from {{ source('pipeline', 'etl_runs') }}

),

renamed as (

    select
        -- ids
        run_id,

        -- strings
        command as run_command,
        status as run_status,
        error_message,

        -- numerics
        received as received_record_count,
        loaded as loaded_record_count,
        quarantined as quarantined_record_count,

        -- booleans
        coalesce(received = loaded + quarantined, false) as is_reconciled,

        -- timestamps
        window_start as window_start_at,
        window_end as window_end_at,
        started_at as run_started_at,
        finished_at as run_finished_at

    from source

)

select * from renamed
