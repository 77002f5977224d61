# Sources of module 'model' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES)
