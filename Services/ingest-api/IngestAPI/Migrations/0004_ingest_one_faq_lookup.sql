-- 0004 made switchboard_ingest look up the FAQ once and store the question in its own
-- statement, and switchboard_faq_candidates set its threshold only when it differs. Their
-- one definitions are now functions/ingest.sql and functions/faq_candidates.sql; this
-- version stays recorded so databases that applied it see nothing new.
SELECT 1;
