// The .mtc count file: parse (CRC trailer fixed up first); an accepted file must re-serialize.
#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/counter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = motiftok::fuzz::with_crc_trailer(data, size);
    try {
        const auto counts = motiftok::kmer::deserialize_counts(bytes, "fuzz.mtc");
        (void)motiftok::kmer::serialize_counts(counts);
    } catch (const motiftok::Error&) {
    }
    return 0;
}
