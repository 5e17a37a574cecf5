"""The synthetic legacy news site the benchmarks crawl and the tests serve: generator, long bodies, HTTP server."""
