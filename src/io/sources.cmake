# Sources of module 'io' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/sequence_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dataset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shuffle.cpp
  ${CMAKE_CURRENT_LIST_DIR}/seq_stats.cpp)
# The byte conventions of the binary formats (binary.hpp): their users, the count and model files,
# are in the train library, which links zlib.
list(APPEND MOTIFTOK_TRAIN_SOURCES ${CMAKE_CURRENT_LIST_DIR}/binary.cpp)
