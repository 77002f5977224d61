# Unit tests of module 'fit'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/task_effect_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fit_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/m_step_test.cpp)
