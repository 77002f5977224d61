# Sources of module 'score' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/info_gain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scores_file.cpp)
