# Unit tests of module 'kmer'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/counter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/count_file_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dense_counter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dense_layout_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kmer_table_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/level_visitor_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/listed_test.cpp)
