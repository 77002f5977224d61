# Unit tests of module 'export'.
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/export_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/annotate_test.cpp)
