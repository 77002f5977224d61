# Unit tests of module 'vocab'.
list(APPEND MOTIFTOK_TEST_SOURCES)
