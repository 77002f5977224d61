# Sources of module 'tokenize' (runtime library). The tokenizer's parts: tokenizer_impl.hpp.
list(APPEND MOTIFTOK_RUNTIME_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/tokenizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trie.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tables.cpp
  ${CMAKE_CURRENT_LIST_DIR}/best_path.cpp
  ${CMAKE_CURRENT_LIST_DIR}/backtrace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lattice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenize_files.cpp
  ${CMAKE_CURRENT_LIST_DIR}/foreign.cpp)
