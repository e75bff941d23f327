{#-
    Buckets a Genesys recording fileState into what it proves about capture:
    'verified' the media was captured (AVAILABLE, ARCHIVED, RESTORED, and DELETED: a deleted
    recording existed; deletion is custody, not compliance), 'failed' (ERROR), 'pending'
    (UPLOADING, RESTORING, and any state this project does not know yet).
-#}
{%- macro recording_file_state_category(file_state_column) -%}
    case
        when {{ file_state_column }} in ('AVAILABLE', 'ARCHIVED', 'RESTORED', 'DELETED')
            then 'verified'
        when {{ file_state_column }} = 'ERROR' then 'failed'
        else 'pending'
    end
{%- endmacro -%}
