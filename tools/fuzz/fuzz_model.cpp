// model.bin: parse (the CRC trailer is fixed up first, so mutations reach the body).
#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/model/classifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = motiftok::fuzz::with_crc_trailer(data, size);
    try {
        const auto model = motiftok::model::Classifier::from_bytes(bytes, "fuzz.bin");
        (void)model.to_bytes();
    } catch (const motiftok::Error&) {
    }
    return 0;
}
