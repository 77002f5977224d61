# Sources of module 'kmer' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/counter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/counting.cpp
  ${CMAKE_CURRENT_LIST_DIR}/count_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dense_counter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/listed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/merge.cpp)
