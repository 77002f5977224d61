# Sources of module 'evaluate' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/split.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logistic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/candidates.cpp
  ${CMAKE_CURRENT_LIST_DIR}/axes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/evaluate.cpp)
