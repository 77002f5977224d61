# Unit tests of module 'tokenize'.
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/tokenizer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenize_files_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenizer_paths_test.cpp)
