# CLI tests: run the built binary, check exit code, stdout, stderr and files.
list(APPEND MOTIFTOK_TEST_SOURCES)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/tokenize_test.cpp ${CMAKE_CURRENT_LIST_DIR}/export_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/train_predict_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/stats_test.cpp ${CMAKE_CURRENT_LIST_DIR}/shuffle_test.cpp ${CMAKE_CURRENT_LIST_DIR}/common_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/count_test.cpp ${CMAKE_CURRENT_LIST_DIR}/score_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/learn_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/annotate_test.cpp)
list(APPEND MOTIFTOK_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/families_test.cpp)
