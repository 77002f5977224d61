# Unit tests of module 'io'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/reader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dataset_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dinucleotide_shuffle_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/seq_stats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output_file_test.cpp)
