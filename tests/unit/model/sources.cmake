# Unit tests of module 'model'.
list(APPEND MOTIFTOK_TEST_SOURCES)
