with

latest_observations as (

    {{ latest_observation(
        source('finance', 'raw_finance__billed_interactions'),
        ['invoice_id', 'conversation_id']
    ) }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['invoice_id', 'conversation_id']) }} as billed_interaction_id,
        conversation_id,
        client_id,
        invoice_id,

        -- strings
        currency,
        source_file_name,
        source_file_sha256,

        -- numerics
        amount as billed_amount,
        source_line_number,

        -- timestamps
        billed_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
