# Unit tests of module 'learn'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/learner_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prune_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/seed_test.cpp
)
