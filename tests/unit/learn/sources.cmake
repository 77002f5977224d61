# Unit tests of module 'learn'.
list(APPEND MOTIFTOK_TEST_SOURCES)
