-- One row per queue (latest observation) with its division.
with

queues as (

    select * from {{ ref('stg_genesys__queues') }}

),

divisions as (

    select * from {{ ref('stg_genesys__divisions') }}

),

final as (

    select
        -- ids
        queues.queue_id,
        queues.division_id,

        -- strings
        queues.queue_name,
        divisions.division_name,

        -- booleans
        queues.is_in_queue_recording_suppressed,

        -- timestamps
        queues._extracted_at as extracted_at

    from queues
    left join divisions
        on queues.division_id = divisions.division_id

)

select * from final
