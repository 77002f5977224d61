# Unit tests of module 'vocab'.
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/vocabulary_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/families_test.cpp ${CMAKE_CURRENT_LIST_DIR}/score_decimal_test.cpp)
