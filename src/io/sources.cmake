# Sources of module 'io' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES)
