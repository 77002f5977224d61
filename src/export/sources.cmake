# Sources of module 'export' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES)
