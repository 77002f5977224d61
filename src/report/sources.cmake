# Sources of module 'report' (train library: it reads model.bin).
list(APPEND MOTIFTOK_TRAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/curves.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/svg_logo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/svg_plot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inputs_tables.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inputs_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/selection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report.cpp)
