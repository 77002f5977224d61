// BED regions (--bed, column 4 = label) on a fixed two-contig genome (faidx-indexed once).
#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string genome = [] {
        const std::string text =
            ">chr1 test\nGCTAAAGACA\nATTACATAAC\natacacgtca\nGCACGAAACT\nACGTNNACGT\n"
            ">chr2\nTTGACCAGTA\nCCGGTTAAGC\nACG\n";
        return motiftok::fuzz::write_input(
            "genome.fa", reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    }();
    motiftok::io::InputSpec spec;
    spec.genome = genome;
    spec.bed = motiftok::fuzz::memory_input("regions.bed", data, size);
    try {
        const motiftok::io::Dataset d = motiftok::io::load_dataset(spec);
        if (d.labels.size() != d.records.size()) __builtin_trap();
    } catch (const motiftok::Error&) {
    }
    return 0;
}
