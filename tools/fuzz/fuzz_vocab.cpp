// vocab.json: parse; an accepted vocabulary must build a tokenizer, tokenize, and round-trip.
#include <string_view>

#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/vocabulary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto v = motiftok::vocab::Vocabulary::from_json(text, "fuzz.json");
        const auto again = motiftok::vocab::Vocabulary::from_json(v.to_json(), "again.json");
        if (again.size() != v.size()) __builtin_trap();
        const motiftok::tokenize::Tokenizer tokenizer(v);
        const auto ids = tokenizer.encode("ACGTNNacgtRYACGTTTGACCA");
        std::size_t bases = 0;
        for (auto id : ids) bases += tokenizer.token(id).size();
        if (bases != 23) __builtin_trap();
    } catch (const motiftok::Error&) {
    }
    return 0;
}
