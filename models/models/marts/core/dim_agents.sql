-- One row per Genesys user (latest observation) with its division. Names and e-mail addresses
-- arrive pseudonymised (HMAC) when the pipeline pseudonymises; the e-mail is not carried.
with

users as (

    select * from {{ ref('stg_genesys__users') }}

),

divisions as (

    select * from {{ ref('stg_genesys__divisions') }}

),

final as (

    select
        -- ids
        users.user_id,
        users.division_id,

        -- strings
        users.user_name,
        divisions.division_name,
        users.user_state,
        users.department,
        users.title,

        -- timestamps
        users._extracted_at as extracted_at

    from users
    left join divisions
        on users.division_id = divisions.division_id

)

select * from final
