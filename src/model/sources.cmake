# Sources of module 'model' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/layers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gapped_kmers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/classifier.cpp
  ${CMAKE_CURRENT_LIST_DIR}/train.cpp
  ${CMAKE_CURRENT_LIST_DIR}/network_trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gkm_auto.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gkm_term_kernels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/predictions.cpp)
