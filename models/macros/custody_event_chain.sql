{#-
    The CTEs of fct_recording_custody_events that chain each recording's event hashes in
    event_sequence order, the last of them named `chained` (one row per event, every output
    column). `events` names a CTE of int_recording_custody_events_unioned; the query must start
    with `with recursive`. Emits CTE definitions separated by commas, without a trailing comma.
-#}
{%- macro custody_event_chain(events) -%}
    {{ return(adapter.dispatch('custody_event_chain', 'genesys_compliance')(events)) }}
{%- endmacro -%}

{#-
    The select list of one link of the chain: the event's columns and its hash, which covers
    the hash of `previous` (the alias of the previous event's row, none for a first event).
-#}
{%- macro custody_event_chain_columns(events, previous=none) -%}
    -- ids
    {{ events }}.custody_event_id,
    {{ events }}.recording_id,
    {{ events }}.conversation_id,
    {{ events }}.actor_user_id,
    {{ events }}.source_event_id,

    -- strings
    {{ events }}.event_type,
    {{ events }}.event_source,
    {{ events }}.event_outcome,
    {{ events }}.event_detail,
    {%- if previous is none %}
    {{ sha256_hex(custody_event_hash_input("''", events ~ '.')) }} as event_hash,
    cast(null as {{ dbt.type_string() }}) as previous_event_hash,
    {%- else %}
    {{ sha256_hex(custody_event_hash_input(previous ~ '.event_hash', events ~ '.')) }}
        as event_hash,
    {{ previous }}.event_hash as previous_event_hash,
    {%- endif %}

    -- numerics
    cast({{ events }}.event_sequence as {{ dbt.type_bigint() }}) as event_sequence,

    -- timestamps
    {{ events }}.event_at
{%- endmacro -%}

{#-
    The select of the links that follow `previous` (a CTE of links, aliased `alias`): each event
    whose event_sequence is one more than a link's, of the same recording, chained to it.
-#}
{%- macro custody_event_chain_next(events, previous, alias) -%}
    select
        {{ custody_event_chain_columns(events, alias) }}
    from {{ events }}
    inner join {{ previous }} as {{ alias }}
        on
            {{ events }}.recording_id = {{ alias }}.recording_id
            and {{ events }}.event_sequence = {{ alias }}.event_sequence + 1
{%- endmacro -%}

{#-
    A recursive CTE walks each recording's events in sequence: the first events, then each
    iteration the events whose sequence follows one the previous iteration produced.
-#}
{%- macro default__custody_event_chain(events) -%}
chained as (

    select
        {{ custody_event_chain_columns(events) }}
    from {{ events }}
    where {{ events }}.event_sequence = 1

    union all

    {{ custody_event_chain_next(events, 'chained', 'chained') }}

)
{%- endmacro -%}

{#-
    DuckDB: the first `unrolled_levels` positions of the chain are CTEs of their own, one per
    event_sequence (each joined to the one before it), and only the events beyond them are
    chained by a recursive CTE, seeded with the last unrolled level. The rows are the same as
    the recursion's (each level is one iteration of it); the time is not. A recursive CTE's
    result is read by a single thread, so the table was written, and compressed, by one
    thread, and each iteration joined the whole working table: at 1M conversations (5.4M
    events, 3 per recording) `create table as` took 82 s from the recursion (75 CPU s; 70 s
    with 8 GB of memory, so not a matter of spilling), 53 and 63 s (48 and 59 CPU s) from the
    levels, run back to back. Each level also filters the events on its own event_sequence:
    without it DuckDB built the join's hash table on all 5.4M events instead of the previous
    level from the third level on (150 s), and with it a level past the table's largest
    event_sequence is planned as an empty result. The recursion reads only the events beyond
    the levels, for the same reason: reading them all, its join built a hash table of every
    event even where no chain goes on (at 1M conversations, where no recording has more than
    3 events, the model took 26.4 s isolated with it, 19.7 s without). The levels are materialised (each is read
    by the next level and by the final union); levels that no recording reaches are empty, and
    then so is the recursion.
-#}
{%- macro duckdb__custody_event_chain(events, unrolled_levels=8) -%}
    {%- for level in range(1, unrolled_levels + 1) %}
custody_chain_level_{{ level }} as materialized (
        {%- if level == 1 %}

    select
        {{ custody_event_chain_columns(events) }}
    from {{ events }}
    where {{ events }}.event_sequence = 1
        {%- else %}

    {{ custody_event_chain_next(events, 'custody_chain_level_' ~ (level - 1), 'previous_level') }}
    where {{ events }}.event_sequence = {{ level }}
        {%- endif %}

),
    {%- endfor %}

custody_chain_beyond_levels as (

    select * from custody_chain_level_{{ unrolled_levels }}

    union all

    {{ custody_event_chain_next(events, 'custody_chain_beyond_levels', 'previous_link') }}
    where {{ events }}.event_sequence > {{ unrolled_levels }}

),

chained as (

    {%- for level in range(1, unrolled_levels + 1) %}
    select * from custody_chain_level_{{ level }}
    union all
    {%- endfor %}
    select * from custody_chain_beyond_levels
    where event_sequence > {{ unrolled_levels }}

)
{%- endmacro -%}
