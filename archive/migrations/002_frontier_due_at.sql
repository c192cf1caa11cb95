-- bantin catalog, version 2: done frontier rows are looked up by due time. frontier_due walks
-- every done row of a site in depth order to find the few that are due (a crawl called that
-- once per page, so the crawl slowed down as the frontier grew).
CREATE INDEX frontier_due_at ON frontier (site, state, next_due);
