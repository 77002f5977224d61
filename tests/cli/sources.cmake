# CLI tests: run the built binary, check exit code, stdout, stderr and files.
list(APPEND MOTIFTOK_TEST_SOURCES)
