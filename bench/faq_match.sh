#!/usr/bin/env bash
# FAQ match cost at 10,000 entries: what one POST /api/ingest spends in PostgreSQL to
# score the FAQ. Makes a scratch database, applies ingest-api's migrations, loads the
# shipped FAQ plus 10,000 synthetic entries (3 phrasings each, words drawn Zipf-like from
# a 4,000-word vocabulary, languages mixed), then prints EXPLAIN ANALYZE of the indexed
# lookup and the mean time of the whole function call (500 calls per question).
#   bench/faq_match.sh [PG_PORT]   (default: a private server on a free port under .run/)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
entries=${FAQ_BENCH_ENTRIES:-10000}
if [ -n "${1:-}" ]; then
    port=$1
else
    port=$(free_port)
    dir=.run/faq-bench-pg
    scripts/postgres.sh start "$dir" "$port"
    trap 'scripts/postgres.sh stop "$dir"' EXIT
fi
admin=(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1)
db=faq_bench_$$
"${admin[@]}" -c "CREATE DATABASE $db OWNER switchboard"
mkdir -p .run
psql_db=(psql -h 127.0.0.1 -p "$port" -U switchboard -d "$db" -qAt -v ON_ERROR_STOP=1)
for file in Services/ingest-api/IngestAPI/Migrations/*.sql; do "${psql_db[@]}" -f "$file" >/dev/null; done

# The shipped FAQ, as ingest-api loads it (question + phrasings).
python3 - "$entries" >.run/faq-bench.tsv <<'PY'
import json, random, sys
random.seed(7)
shipped = json.load(open("Services/ingest-api/IngestAPI/Resources/faq/default.json"))["entries"]
letters = {"en": "abcdefghijklmnopqrstuvwxyz", "ru": "абвгдежзиклмнопрстуфхцчшыэюя", "kk": "абвгдежзиклмнопрстуфхшыіәғқңөұү"}
vocab = {lang: ["".join(random.choice(chars) for _ in range(random.randint(4, 10))) for _ in range(4000)]
         for lang, chars in letters.items()}
def words(lang, n): return " ".join(vocab[lang][min(3999, int(4000 * random.random() ** 2))] for _ in range(n))
rows = [(e["language"], e["question"], e["answer"], [e["question"]] + e.get("phrasings", [])) for e in shipped]
for i in range(int(sys.argv[1])):
    lang = ("en", "ru", "kk")[i % 3]
    question = words(lang, random.randint(4, 9)) + "?"
    rows.append((lang, question, "Answer " + str(i), [question] + [words(lang, random.randint(3, 7)) for _ in range(2)]))
for lang, question, answer, phrasings in rows:
    clean = lambda s: s.replace("\t", " ").replace("\n", " ").replace("\\", "\\\\")
    print("\t".join([lang, clean(question), clean(answer), clean(json.dumps(phrasings, ensure_ascii=False))]))
PY
"${psql_db[@]}" <<'SQL'
CREATE TEMP TABLE load (language text, question text, answer text, phrasings jsonb);
\copy load FROM '.run/faq-bench.tsv'
INSERT INTO faq (language, question, answer) SELECT language, question, answer FROM load ON CONFLICT DO NOTHING;
INSERT INTO faq_phrasings (faq_id, language, phrasing)
SELECT f.id, f.language, p FROM load l JOIN faq f USING (language, question), jsonb_array_elements_text(l.phrasings) p
ON CONFLICT DO NOTHING;
VACUUM ANALYZE faq;
VACUUM ANALYZE faq_phrasings;
SQL
echo "FAQ entries: $("${psql_db[@]}" -c 'SELECT count(*) FROM faq'), phrasings: $("${psql_db[@]}" -c 'SELECT count(*) FROM faq_phrasings')"

# One session for everything, warmed up first: the figures are steady-state costs, as
# on the service's pooled connections.
{
    echo "SELECT count(*) FROM switchboard_faq_candidates('warm up', 'en', 0.3, 3) \\g /dev/null"
    for question in "Как подключиться к VPN?|ru" "I forgot my password, how can I reset it?|en" \
        "Принтер не печатает|ru" "Wi-Fi желісіне қалай қосыламын?|kk" "Where is the cafeteria?|en"; do
        text=${question%|*}
        lang=${question#*|}
        for threshold in 0.75 0.3; do
            cat <<SQL
\\echo
\\echo == "$text" ($lang), candidates from $threshold
SELECT set_config('pg_trgm.similarity_threshold', '$threshold', false) \\g /dev/null
SELECT switchboard_match_text('$text', '$lang') AS needle \\gset
\\o /dev/null
EXPLAIN ANALYZE SELECT p.faq_id, max(similarity(p.match_text, :'needle')) AS best
FROM faq_phrasings AS p WHERE p.match_text % :'needle' AND p.language = '$lang'
GROUP BY p.faq_id ORDER BY best DESC, p.faq_id LIMIT 3;
\\o
EXPLAIN (ANALYZE, COSTS OFF) SELECT p.faq_id, max(similarity(p.match_text, :'needle')) AS best
FROM faq_phrasings AS p WHERE p.match_text % :'needle' AND p.language = '$lang'
GROUP BY p.faq_id ORDER BY best DESC, p.faq_id LIMIT 3;
SELECT 'best: ' || coalesce((SELECT f.question || ' = ' || round(c.score::numeric, 3)
    FROM switchboard_faq_candidates('$text', '$lang', $threshold, 1) c JOIN faq f ON f.id = c.faq_id), 'none');
DO \$q\$
DECLARE started timestamptz := clock_timestamp();
BEGIN
    FOR i IN 1..500 LOOP
        PERFORM * FROM switchboard_faq_candidates('$text', '$lang', $threshold, 3);
    END LOOP;
    RAISE NOTICE 'whole call (normalize + lookup), mean of 500: % ms',
        round((extract(epoch FROM clock_timestamp() - started) * 1000 / 500)::numeric, 3);
END \$q\$;
SQL
        done
    done
} >.run/faq-bench.sql
"${psql_db[@]}" -f .run/faq-bench.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  /  /'
# As the service sees it: one statement per call from a client, round trip included
# (pgbench, one connection, 5 s per question).
echo
echo "== pgbench, one connection: SELECT * FROM switchboard_faq_candidates(question, language, 0.3, 3)"
echo "SELECT 1;" >.run/faq-bench-pgbench.sql
printf '  %-45s ' "(SELECT 1: the round trip alone)"
"$(pg_bin)/pgbench" -h 127.0.0.1 -p "$port" -U switchboard -n -c 1 -T 5 -f .run/faq-bench-pgbench.sql "$db" 2>&1 |
    grep -E '^latency average'
for question in "Как подключиться к VPN?|ru" "I forgot my password, how can I reset it?|en" "Where is the cafeteria?|en"; do
    printf "SELECT * FROM switchboard_faq_candidates('%s', '%s', 0.3, 3);\n" "${question%|*}" "${question#*|}" \
        >.run/faq-bench-pgbench.sql
    printf '  %-45s ' "${question%|*}"
    "$(pg_bin)/pgbench" -h 127.0.0.1 -p "$port" -U switchboard -n -c 1 -T 5 -f .run/faq-bench-pgbench.sql "$db" 2>&1 |
        grep -E '^latency average' | tr '\n' ' '
    echo
done
[ "${FAQ_BENCH_KEEP:-0}" = 1 ] || "${admin[@]}" -c "DROP DATABASE $db"
