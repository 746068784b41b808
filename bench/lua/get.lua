-- GET the URL given to wrk, nothing else: the page floor and the citizen form view.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
