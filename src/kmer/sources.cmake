# Sources of module 'kmer' (train library).
list(APPEND MOTIFTOK_TRAIN_SOURCES)
