# Sources of module 'learn' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES)
