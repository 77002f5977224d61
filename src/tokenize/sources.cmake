# Sources of module 'tokenize' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES ${CMAKE_CURRENT_LIST_DIR}/tokenizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenize_files.cpp
  ${CMAKE_CURRENT_LIST_DIR}/foreign.cpp)
