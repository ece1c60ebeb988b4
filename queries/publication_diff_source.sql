-- Which catalogue the stored publication_diff was computed against (file name; NULL when the
-- publication had no previous catalogue): the slide reads the stored rows only when it is the
-- catalogue data/ti.previous.duckdb names now.
SELECT previous_catalogue FROM publication_diff_info;
