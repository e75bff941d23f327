{#-
    The CTEs of fct_recording_custody_events that chain each recording's event hashes in
    event_sequence order, the last of them named `chained` (one row per event, every output
    column). `events` names a CTE of int_recording_custody_events_unioned; the query must start
    with custody_event_chain_with(). Emits CTE definitions separated by commas, without a
    trailing comma.
-#}
{%- macro custody_event_chain(events) -%}
    {{ return(adapter.dispatch('custody_event_chain', 'genesys_compliance')(events)) }}
{%- endmacro -%}

{#-
    The select list of one link of the chain: the event's columns, with `event_hash` and
    `previous_event_hash` the expressions given for its hash and the previous event's.
-#}
{%- macro custody_event_chain_columns(events, event_hash, previous_event_hash) -%}
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
    {{ event_hash }} as event_hash,
    {{ previous_event_hash }} as previous_event_hash,

    -- numerics
    cast({{ events }}.event_sequence as {{ dbt.type_bigint() }}) as event_sequence,

    -- timestamps
    {{ events }}.event_at
{%- endmacro -%}

{#-
    The select list of one link computed in SQL: the event's hash covers the hash of `previous`
    (the alias of the previous event's row, none for a first event).
-#}
{%- macro custody_event_chain_link(events, previous=none) -%}
    {%- if previous is none -%}
        {{ custody_event_chain_columns(
            events,
            sha256_hex(custody_event_hash_input("''", events ~ '.')),
            'cast(null as ' ~ dbt.type_string() ~ ')'
        ) }}
    {%- else -%}
        {{ custody_event_chain_columns(
            events,
            sha256_hex(custody_event_hash_input(previous ~ '.event_hash', events ~ '.')),
            previous ~ '.event_hash'
        ) }}
    {%- endif -%}
{%- endmacro -%}

{#-
    The select of the links that follow `previous` (a CTE of links, aliased `alias`): each event
    whose event_sequence is one more than a link's, of the same recording, chained to it.
-#}
{%- macro custody_event_chain_next(events, previous, alias) -%}
    select
        {{ custody_event_chain_link(events, alias) }}
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
        {{ custody_event_chain_link(events) }}
    from {{ events }}
    where {{ events }}.event_sequence = 1

    union all

    {{ custody_event_chain_next(events, 'chained', 'chained') }}

)
{%- endmacro -%}

{#- The columns of int_recording_custody_events_unioned that the chain carries to the model. -#}
{%- macro custody_event_chain_event_columns() -%}
    {{ return([
        'custody_event_id', 'recording_id', 'conversation_id', 'actor_user_id', 'source_event_id',
        'event_type', 'event_source', 'event_outcome', 'event_detail', 'event_sequence', 'event_at',
    ]) }}
{%- endmacro -%}

{#-
    BigQuery: no recursion. BigQuery stops a recursive CTE after 500 iterations, one per event
    of the longest chain, so a recording read or exported hundreds of times would fail the
    build. Instead each recording's events are aggregated in event_sequence order, with their
    hash inputs (the event's fields, macro custody_event_hash_input without the previous hash),
    and the temporary JavaScript function custody_event_chain_hashes (macro
    custody_event_chain_sql_header, the model's sql_header) chains the inputs: its nth hash is
    the nth event's. The events travel in the aggregate and are unnested beside their hashes,
    so neither a join back to the events nor a window is needed for the previous hash.
-#}
{%- macro bigquery__custody_event_chain(events) -%}
custody_chains as (

    select
        array_agg(
            struct(
                {%- for column in custody_event_chain_event_columns() %}
                {{ events }}.{{ column }}{{ ',' if not loop.last }}
                {%- endfor %}
            )
            order by {{ events }}.event_sequence
        ) as chain_events,
        custody_event_chain_hashes(
            array_agg(
                {{ custody_event_hash_input("''", events ~ '.') }}
                order by {{ events }}.event_sequence
            )
        ) as event_hashes
    from {{ events }}
    group by {{ events }}.recording_id

),

chained as (

    select
        {{ custody_event_chain_columns(
            'chain_event',
            'custody_chains.event_hashes[offset(chain_offset)]',
            'case when chain_offset > 0 then '
                ~ 'custody_chains.event_hashes[offset(chain_offset - 1)] end'
        ) }}
    from custody_chains
    cross join unnest(custody_chains.chain_events) as chain_event with offset as chain_offset

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
        {{ custody_event_chain_link(events) }}
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


{#-
    The keyword that opens the model's CTEs: `with recursive` where the chain recurses, plain
    `with` on BigQuery, where it does not. There dbt's contract enforcement selects from the
    model's query as a subquery, and BigQuery has refused WITH RECURSIVE below the top level
    (it did in its 2022 preview; not checked since): nothing is lost by not asking for it.
-#}
{%- macro custody_event_chain_with() -%}
    {{ return(adapter.dispatch('custody_event_chain_with', 'genesys_compliance')()) }}
{%- endmacro -%}

{%- macro default__custody_event_chain_with() -%}
    with recursive
{%- endmacro -%}

{%- macro bigquery__custody_event_chain_with() -%}
    with
{%- endmacro -%}

{#-
    The model's sql_header: what must run before its query. BigQuery: the temporary JavaScript
    function custody_event_chain_hashes(hash_inputs ARRAY<STRING>) RETURNS ARRAY<STRING>: hash n
    is the SHA-256 hex of hash n-1 ('' for the first) followed by input n, over the text's UTF-8
    bytes, as BigQuery's SHA256() and DuckDB's sha256() hash a string. JavaScript UDFs have no
    crypto library, hence SHA-256 written out (FIPS 180-4);
    test/integration/models/bigquery-sql.test.ts checks it against Node's crypto and runs the
    model's SQL on the BigQuery emulator. Nothing elsewhere.
-#}
{%- macro custody_event_chain_sql_header() -%}
    {{ return(adapter.dispatch('custody_event_chain_sql_header', 'genesys_compliance')()) }}
{%- endmacro -%}

{%- macro default__custody_event_chain_sql_header() -%}
    {{ return(none) }}
{%- endmacro -%}

{%- macro bigquery__custody_event_chain_sql_header() -%}
create temp function custody_event_chain_hashes(hash_inputs array<string>)
returns array<string>
deterministic
language js
as r"""
var K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
];
function utf8(text) {
  var bytes = [];
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      var low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}
function rotr(x, n) {
  return (x >>> n) | (x << (32 - n));
}
function sha256Hex(text) {
  var bytes = utf8(text);
  var n = bytes.length;
  var size = ((n + 9 + 63) >> 6) << 4;
  var words = [];
  for (var i = 0; i < size; i++) words.push(0);
  for (i = 0; i < n; i++) words[i >> 2] |= bytes[i] << (24 - (i & 3) * 8);
  words[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
  words[size - 2] = Math.floor(n / 0x20000000);
  words[size - 1] = (n * 8) | 0;
  var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  var w = [];
  for (var block = 0; block < size; block += 16) {
    for (var t = 0; t < 64; t++) {
      if (t < 16) {
        w[t] = words[block + t] | 0;
      } else {
        var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (t = 0; t < 64; t++) {
      var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0,
      (h[4] + e) | 0, (h[5] + f) | 0, (h[6] + g) | 0, (h[7] + k) | 0];
  }
  var hex = '';
  for (i = 0; i < 8; i++) hex += ('0000000' + (h[i] >>> 0).toString(16)).slice(-8);
  return hex;
}
var hashes = [];
var previous = '';
for (var index = 0; index < hash_inputs.length; index++) {
  previous = sha256Hex(previous + hash_inputs[index]);
  hashes.push(previous);
}
return hashes;
""";
{%- endmacro -%}
