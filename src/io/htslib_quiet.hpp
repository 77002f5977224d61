#pragma once
// The library never prints: HTSlib's own log messages (e.g. "[E::bgzf_read] ...") are turned
// off once, before the first HTSlib call of module io; our exceptions say what went wrong.

#include <htslib/hts_log.h>

#include <mutex>

namespace motiftok::io::detail {

inline void silence_htslib() {
    static std::once_flag once;
    std::call_once(once, [] { hts_set_log_level(HTS_LOG_OFF); });
}

}  // namespace motiftok::io::detail
