# Sources of module 'vocab': the vocabulary and its file format (runtime library); building
# families needs the data, so it goes with the trainer.
list(APPEND MOTIFTOK_RUNTIME_SOURCES ${CMAKE_CURRENT_LIST_DIR}/vocabulary.cpp
     ${CMAKE_CURRENT_LIST_DIR}/family_json.cpp ${CMAKE_CURRENT_LIST_DIR}/score_decimal.cpp)
list(APPEND MOTIFTOK_TRAIN_SOURCES ${CMAKE_CURRENT_LIST_DIR}/families.cpp)
