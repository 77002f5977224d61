# Unit tests of module 'io'.
list(APPEND MOTIFTOK_TEST_SOURCES)
