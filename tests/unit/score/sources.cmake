# Unit tests of module 'score'.
list(APPEND MOTIFTOK_TEST_SOURCES)
