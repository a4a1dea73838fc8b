-- 0002 replaced switchboard_match_text by a PL/pgSQL version (same results, its plan
-- cached per session: 4x cheaper). Its one definition is now functions/match_text.sql;
-- this version stays recorded so databases that applied it see nothing new.
SELECT 1;
