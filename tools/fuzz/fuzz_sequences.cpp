// FASTA/FASTQ (plain or gzip/bgzip, through HTSlib): read every record. Malformed input must end
// in motiftok::Error; anything else (a crash, a sanitizer report, another exception) is a bug.
#include "fuzz_support.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/sequence_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = motiftok::fuzz::memory_input("in.fa", data, size);
    try {
        motiftok::io::SequenceReader reader(path);
        motiftok::io::Record record;
        while (reader.next(record)) {
            for (char c : record.seq) {
                if (c != 'A' && c != 'C' && c != 'G' && c != 'T' && c != 'N') __builtin_trap();
            }
        }
    } catch (const motiftok::Error&) {
    }
    return 0;
}
