{#- The SHA-256 digest of a string as 64 lower-case hex characters, the same on every warehouse. -#}
{%- macro sha256_hex(expression) -%}
    {{ return(adapter.dispatch('sha256_hex', 'genesys_compliance')(expression)) }}
{%- endmacro -%}

{%- macro default__sha256_hex(expression) -%}
    lower(to_hex(sha256({{ expression }})))
{%- endmacro -%}

{#- DuckDB's sha256() already returns the hex digest as a string. -#}
{%- macro duckdb__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro -%}

{#- BigQuery's SHA256() returns BYTES; TO_HEX gives lower-case hex. -#}
{%- macro bigquery__sha256_hex(expression) -%}
    to_hex(sha256({{ expression }}))
{%- endmacro -%}
