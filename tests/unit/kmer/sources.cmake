# Unit tests of module 'kmer'.
list(APPEND MOTIFTOK_TEST_SOURCES)
