# Sources of module 'vocab' (runtime library).
list(APPEND MOTIFTOK_RUNTIME_SOURCES)
