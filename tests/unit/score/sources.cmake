# Unit tests of module 'score'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/info_gain_test.cpp)
