# Sources of module 'export' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES ${CMAKE_CURRENT_LIST_DIR}/export.cpp
     ${CMAKE_CURRENT_LIST_DIR}/family_motifs.cpp)
list(APPEND MOTIFTOK_RUNTIME_SOURCES ${CMAKE_CURRENT_LIST_DIR}/annotate.cpp ${CMAKE_CURRENT_LIST_DIR}/annotate_meme.cpp)
