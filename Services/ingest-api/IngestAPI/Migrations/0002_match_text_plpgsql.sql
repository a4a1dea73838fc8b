-- switchboard_match_text, same result, in PL/pgSQL. As a LANGUAGE sql function it could
-- not be inlined (it aggregates over unnest), so PostgreSQL parsed and planned its body
-- anew on every call: 4x the cost of running it (pgbench, 4 clients: 13,400 calls/s as
-- SQL, 54,300/s as PL/pgSQL, whose plan is cached for the session). It runs for every
-- question asked, so that was a fifth of a FAQ answer's database time.
-- Stored match_text values do not change: the function returns exactly what it did.
CREATE OR REPLACE FUNCTION switchboard_match_text(input text, language text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN coalesce((
        SELECT string_agg(lexeme, ' ' ORDER BY lexeme)
        FROM unnest(tsvector_to_array(to_tsvector(
            CASE language
                WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
                WHEN 'en' THEN 'pg_catalog.english'::regconfig
                ELSE 'pg_catalog.simple'::regconfig
            END, input))) AS lexeme
        WHERE lexeme <> ALL (switchboard_filler_words(language))), '');
END
$$;
