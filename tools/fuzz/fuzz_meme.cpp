// MEME minimal-format motif file (annotate --motifs).
#include <string_view>

#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/export/annotate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto db = motiftok::exports::parse_meme(text, "fuzz.meme");
        if (db.motifs.empty()) __builtin_trap();
    } catch (const motiftok::Error&) {
    }
    return 0;
}
