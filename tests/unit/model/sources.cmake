# Unit tests of module 'model'.
list(APPEND MOTIFTOK_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/gradient_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gapped_kmers_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/classifier_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ensemble_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/history_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gkm_auto_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gkm_term_kernels_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv_auto_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pos_auto_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stack_auto_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/network_trainer_test.cpp)
