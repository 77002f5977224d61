# Unit tests of module 'tokenize'.
list(APPEND MOTIFTOK_TEST_SOURCES)
