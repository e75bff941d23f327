-- Finance's billed interactions against verified recording status: one row per billed
-- interaction (invoice line), verified or unverified with the reason, plus one row per
-- conversation whose recordings are verified but that no invoice billed. Statuses, reasons and
-- their precedence are documented in _finance__models.yml.
with

billed_interactions as (

    select * from {{ ref('stg_finance__billed_interactions') }}

),

recording_compliance as (

    select
        conversation_id,
        is_verified_compliant,
        discrepancy_type
    from {{ ref('fct_recording_compliance') }}

),

conversations as (

    select
        conversation_id,
        conversation_started_at
    from {{ ref('stg_genesys__conversations') }}

),

-- The first reason by precedence among a conversation's unverified agent sessions.
sessions_ranked as (

    select
        conversation_id,
        is_verified_compliant,
        case
            when is_verified_compliant then null
            when discrepancy_type = 'reported_but_failed' then 1
            when discrepancy_type = 'reported_but_missing' then 2
            when discrepancy_type = 'reported_but_incomplete' then 3
            when discrepancy_type = 'reported_but_pending' then 4
            when discrepancy_type = 'unchecked' then 5
            when discrepancy_type = 'not_reported' then 6
            when discrepancy_type = 'policy_undetermined' then 7
            else 8
        end as unverified_reason_rank
    from recording_compliance

),

conversations_verified as (

    select
        conversation_id,
        count(*) as agent_sessions_in_scope,
        min(case when is_verified_compliant then 1 else 0 end) = 1 as is_verified,
        min(unverified_reason_rank) as unverified_reason_rank
    from sessions_ranked
    group by conversation_id

),

billed_conversations as (

    select distinct conversation_id
    from billed_interactions

),

-- The rows of the mart: every billed interaction, and every verified conversation no
-- invoice bills. Their attributes are joined below, so each column keeps its source's type.
reconciliation_rows as (

    select
        billed_interaction_id as billing_reconciliation_id,
        billed_interaction_id,
        conversation_id
    from billed_interactions

    union all

    select
        {{ surrogate_key(["'not_billed'", 'conversations_verified.conversation_id']) }}
            as billing_reconciliation_id,
        cast(null as {{ dbt.type_string() }}) as billed_interaction_id,
        conversations_verified.conversation_id
    from conversations_verified
    left join billed_conversations
        on conversations_verified.conversation_id = billed_conversations.conversation_id
    where
        conversations_verified.is_verified
        and billed_conversations.conversation_id is null

),

reconciliation_joined as (

    select
        reconciliation_rows.billing_reconciliation_id,
        reconciliation_rows.conversation_id,
        billed_interactions.client_id,
        billed_interactions.invoice_id,
        billed_interactions.currency,
        billed_interactions.source_file_name,
        billed_interactions.billed_amount,
        billed_interactions.billed_at,
        conversations.conversation_started_at,
        conversations_verified.unverified_reason_rank,
        coalesce(conversations_verified.agent_sessions_in_scope, 0) as agent_sessions_in_scope,
        billed_interactions.billed_interaction_id is not null as is_billed,
        coalesce(conversations_verified.is_verified, false) as is_verified,
        conversations.conversation_id is not null as is_conversation_known
    from reconciliation_rows
    left join billed_interactions
        on reconciliation_rows.billed_interaction_id = billed_interactions.billed_interaction_id
    left join conversations_verified
        on reconciliation_rows.conversation_id = conversations_verified.conversation_id
    left join conversations
        on reconciliation_rows.conversation_id = conversations.conversation_id

),

statuses_assigned as (

    select
        *,
        case
            when not is_billed then 'not_billed_verified'
            when is_verified then 'verified'
            else 'unverified'
        end as reconciliation_status,
        case
            when not is_billed or is_verified then null
            when unverified_reason_rank = 1 then 'recording_failed'
            when unverified_reason_rank = 2 then 'recording_missing'
            when unverified_reason_rank = 3 then 'recording_incomplete'
            when unverified_reason_rank = 4 then 'recording_pending'
            when unverified_reason_rank = 5 then 'recording_unchecked'
            when unverified_reason_rank = 6 then 'recording_not_reported'
            when unverified_reason_rank = 7 then 'policy_undetermined'
            when unverified_reason_rank = 8 then 'recording_unverified'
            when is_conversation_known then 'not_in_scope'
            else 'conversation_unknown'
        end as unverified_reason
    from reconciliation_joined

),

final as (

    select
        -- ids
        billing_reconciliation_id,
        conversation_id,
        client_id,
        invoice_id,

        -- strings
        currency,
        reconciliation_status,
        unverified_reason,
        source_file_name,

        -- numerics
        billed_amount,
        agent_sessions_in_scope,

        -- booleans
        is_billed,
        is_verified,
        is_conversation_known,

        -- dates
        -- The month finance billed in (UTC); for a verified conversation not billed, the
        -- month it started in.
        {{ utc_month_start('coalesce(billed_at, conversation_started_at)') }} as billing_month,

        -- timestamps
        billed_at,
        conversation_started_at

    from statuses_assigned

)

select * from final
