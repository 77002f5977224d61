# Sources of module 'learn' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/seed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/em_steps.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prune.cpp
  ${CMAKE_CURRENT_LIST_DIR}/guide.cpp
  ${CMAKE_CURRENT_LIST_DIR}/learner.cpp
)
