-- The latest observation of each conversation, every raw column. The conversation's staging
-- model renames it, and the staging models of its children (participants, sessions, segments,
-- attributes) keep only the rows of this observation, so that a child missing from a newer
-- observation of its conversation does not survive from an older one.
with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__conversations'),
        ['conversation_id']
    ) }}

)

-- every raw column, whatever the contract holds: the staging model names them. Not the raw
-- payload: nothing downstream reads it, and it is most of the table (the whole conversation).
select {{ star_except(['raw_payload']) }} from latest_observations  -- noqa: AM04
