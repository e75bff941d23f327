with

source as (

    select * from {{ source('pipeline', 'etl_files') }}

),

renamed as (

    select
        -- ids
        file_id,
        run_id,

        -- strings
        stream,
        table_name,
        uri as file_uri,
        sha256 as file_sha256,

        -- numerics
        row_count,

        -- timestamps
        window_start as window_start_at,
        window_end as window_end_at,
        staged_at,
        loaded_at

    from source

)

select * from renamed
