{#-
    The recording metadata history reduced to its changes: one row per observation whose
    fileState differs from the previous observation of the same recording (the first
    observation always counts), in observation order.
-#}

with

observations as (

    select
        recording_id,
        conversation_id,
        file_state,
        delete_date as scheduled_delete_at,
        _file_id,
        _extracted_at
    from {{ ref('base_genesys__recording_observations') }}

),

sequenced as (

    select
        recording_id,
        conversation_id,
        file_state,
        scheduled_delete_at,
        _file_id,
        _extracted_at,
        lag(file_state) over (
            partition by recording_id
            order by _extracted_at, _file_id
        ) as previous_file_state,
        row_number() over (
            partition by recording_id
            order by _extracted_at, _file_id
        ) as observation_number
    from observations

),

state_changes as (

    select
        -- ids
        recording_id,
        conversation_id,
        _file_id as observation_file_id,

        -- strings
        file_state,
        previous_file_state,

        -- booleans
        observation_number = 1 as is_first_observation,

        -- timestamps
        scheduled_delete_at,
        _extracted_at as observed_at

    from sequenced
    where observation_number = 1 or file_state is distinct from previous_file_state

)

select * from state_changes
