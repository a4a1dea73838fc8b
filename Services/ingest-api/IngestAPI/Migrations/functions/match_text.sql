-- match_text: the normalized text FAQ matching compares (stored in faq_phrasings.match_text).
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- A change here changes what stored match_text values would be: a numbered migration must
-- then recompute them (UPDATE faq_phrasings SET phrasing = phrasing).

-- Words that carry no topic in a question, beyond PostgreSQL's own stop words, as the
-- dictionary leaves them (Snowball stems for ru and en: "делать" is "дела"). Kazakh has
-- no dictionary or stop-word list in PostgreSQL (adding one needs files on the server),
-- so its list is longer: question words, pronouns, particles, auxiliaries, and the case
-- endings the parser splits off hyphenated words ("VPN-ге").
CREATE OR REPLACE FUNCTION switchboard_filler_words(language text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE language
        WHEN 'ru' THEN ARRAY[
            'дела', 'сдела', 'помог', 'помоч', 'подскаж', 'пожалуйст', 'можн', 'нужн', 'надо', 'хоч', 'добр',
            'здравств', 'привет', 'спасиб', 'вопрос', 'проблем', 'котор', 'почем', 'зачем']
        WHEN 'en' THEN ARRAY[
            'pleas', 'help', 'hello', 'hi', 'thank', 'thx', 'need', 'want', 'would', 'could', 'get', 'know',
            'anyon', 'someon', 'problem', 'issu', 'question', 'way']
        WHEN 'kk' THEN ARRAY[
            'қалай', 'қайда', 'қашан', 'неге', 'не', 'нені', 'кім', 'қандай', 'қанша', 'ма', 'ме', 'ба', 'бе',
            'па', 'пе', 'мен', 'сен', 'сіз', 'ол', 'біз', 'олар', 'маған', 'менің', 'мені', 'менде', 'сізге',
            'сіздің', 'оның', 'бұл', 'сол', 'осы', 'мына', 'және', 'да', 'де', 'та', 'те', 'ғой', 'ғана',
            'еді', 'екен', 'болады', 'бола', 'болса', 'болып', 'үшін', 'туралы', 'бар', 'керек', 'жоқ', 'өз',
            'ге', 'ға', 'қа', 'ке', 'ны', 'ні', 'ды', 'ді', 'ты', 'ті', 'на', 'ен', 'ың', 'ің', 'ым', 'ім',
            'дан', 'ден', 'тан', 'тен', 'нан', 'нен', 'ша', 'ше', 'пен', 'бен', 'рақмет', 'рахмет', 'сәлем',
            'сәлеметсіз', 'өтінемін', 'көмектесіңіз', 'істеу', 'істеуге']
        ELSE ARRAY[]::text[]
    END
$$;

-- The text FAQ similarity compares: the content words of `input` as PostgreSQL's
-- full-text parser and the language's dictionary see them (stemmed, stop words and
-- filler words out), deduplicated and sorted. "How do I connect to the VPN?" becomes
-- "connect vpn", so trigram similarity measures the topic words, not "how do I … the".
-- Russian and English use their Snowball stemmers; Kazakh and the rest the simple
-- dictionary (lower-casing only). Trigram similarity then absorbs what the dictionary
-- misses (Kazakh endings, typos).
--
-- It is PL/pgSQL: same result as its first SQL version. As a LANGUAGE sql function it could
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
