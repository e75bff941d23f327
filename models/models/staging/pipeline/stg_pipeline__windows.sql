with

source as (

    select * from {{ source('pipeline', 'etl_windows') }}

),

renamed as (

    select
        -- ids
        run_id,

        -- strings
        stream,
        status as window_status,
        error_message,

        -- numerics
        received as received_record_count,
        loaded as loaded_record_count,
        quarantined as quarantined_record_count,
        api_calls as api_call_count,

        -- booleans
        coalesce(status = 'succeeded', false) as is_final,
        coalesce(received = loaded + quarantined, false) as is_reconciled,

        -- timestamps
        window_start as window_start_at,
        window_end as window_end_at,
        data_availability_date as data_available_until_at,
        started_at as extraction_started_at,
        finished_at as extraction_finished_at

    from source

)

select * from renamed
