{#- The scalar at a JSONPath of a JSON string column, as a string (null when absent or not a scalar). -#}
{%- macro json_string_at(json_column, json_path) -%}
    {{ return(adapter.dispatch('json_string_at', 'genesys_compliance')(json_column, json_path)) }}
{%- endmacro -%}

{%- macro default__json_string_at(json_column, json_path) -%}
    json_value({{ json_column }}, '{{ json_path }}')
{%- endmacro -%}

{%- macro duckdb__json_string_at(json_column, json_path) -%}
    json_extract_string({{ json_column }}, '{{ json_path }}')
{%- endmacro -%}
