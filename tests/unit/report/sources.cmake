# Unit tests of module 'report'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/drawing_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inputs_test.cpp)
