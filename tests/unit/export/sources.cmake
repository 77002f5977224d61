# Unit tests of module 'export'.
list(APPEND MOTIFTOK_TEST_SOURCES)
