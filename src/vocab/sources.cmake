# Sources of module 'vocab' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES ${CMAKE_CURRENT_LIST_DIR}/vocabulary.cpp)
list(APPEND MOTIFTOK_RUNTIME_SOURCES ${CMAKE_CURRENT_LIST_DIR}/score_decimal.cpp)
