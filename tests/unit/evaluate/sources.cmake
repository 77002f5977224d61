# Unit tests of module 'evaluate'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/foreign_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logistic_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/evaluate_test.cpp)
