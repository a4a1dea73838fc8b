-- faq_candidates: the FAQ lookup.
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- The threshold setting is changed only when it differs, and not through PERFORM.
-- The best FAQ entries for `input` in `language`: each entry's best phrasing similarity,
-- those at or above `min_score`, best first. The threshold is set for this statement's
-- transaction only (set_config(…, true)) because the % operator reads it from the GUC.
-- The lookup runs on a generic plan: a custom plan is made anew on every call, and
-- planning a trigram query (its selectivity estimate extracts the trigrams) costs several
-- times more than running it (bench/faq_match.sh: about 0.5 ms against 0.05 ms). And it
-- always uses the index: on a small FAQ the planner prefers a sequential scan, which
-- extracts the trigrams of every phrasing on every call (0.6 ms at 250 phrasings, against
-- well under 0.1 ms through the index).
CREATE OR REPLACE FUNCTION switchboard_faq_candidates(input text, language text, min_score real, max_count integer)
RETURNS TABLE (faq_id bigint, score real)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off AS $$
DECLARE
    needle text := switchboard_match_text(input, language);
    threshold text := greatest(min_score, 0.01)::text;
BEGIN
    IF needle = '' THEN
        RETURN;
    END IF;
    -- Only when it differs (ingest asks from 0.3, pg_trgm's default), and as an assignment:
    -- PERFORM ran a whole executor for it on every lookup.
    IF current_setting('pg_trgm.similarity_threshold', true) IS DISTINCT FROM threshold THEN
        threshold := set_config('pg_trgm.similarity_threshold', threshold, true);
    END IF;
    RETURN QUERY
        SELECT p.faq_id, max(similarity(p.match_text, needle)) AS best
        FROM faq_phrasings AS p
        WHERE p.match_text % needle AND p.language = switchboard_faq_candidates.language
        GROUP BY p.faq_id
        ORDER BY best DESC, p.faq_id
        LIMIT max_count;
END
$$;
