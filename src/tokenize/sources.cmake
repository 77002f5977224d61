# Sources of module 'tokenize' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES)
