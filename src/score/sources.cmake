# Sources of module 'score' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES)
