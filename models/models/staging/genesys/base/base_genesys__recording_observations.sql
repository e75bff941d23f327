{{ config(materialized='view') }}

{#-
    Every observation of every recording's metadata, as loaded (append-only): the history that
    stg_genesys__recordings reduces to the latest observation and the custody models read as
    state changes. A view: it only passes the raw relation on.
-#}

with

observations as (

    select * from {{ source('genesys', 'raw_genesys__recordings') }}

)

select * from observations
