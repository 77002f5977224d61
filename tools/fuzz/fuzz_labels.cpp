// The labels TSV (--labels): fixed FASTA ids seq0..seq3, fuzzed "id<TAB>label" lines.
#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string fasta = [] {
        const std::string text = ">seq0\nACGT\n>seq1\nGGCA\n>seq2 x\nTTAA\n>seq3\nNACG\n";
        return motiftok::fuzz::write_input(
            "seqs.fa", reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    }();
    motiftok::io::InputSpec spec;
    spec.inputs = {fasta};
    spec.labels_tsv = motiftok::fuzz::memory_input("labels.tsv", data, size);
    try {
        const motiftok::io::Dataset d = motiftok::io::load_dataset(spec);
        if (d.labels.size() != d.records.size()) __builtin_trap();
        for (auto l : d.labels) {
            if (l < 0 || static_cast<std::size_t>(l) >= d.classes.size()) __builtin_trap();
        }
    } catch (const motiftok::Error&) {
    }
    return 0;
}
