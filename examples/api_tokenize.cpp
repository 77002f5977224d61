// The motiftok library in one page: load a vocabulary, tokenize every record of a FASTA/FASTQ
// file (plain, gzip or bgzip), print "id<TAB>token token ...". Uses only the public headers and
// links only motiftok_runtime (no training code).
// Usage: api_tokenize vocab.json sequences.fa
#include <iostream>

#include "motiftok/error.hpp"
#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/vocabulary.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " vocab.json sequences.fa\n";
        return 2;
    }
    try {
        const auto vocabulary = motiftok::vocab::Vocabulary::load(argv[1]);
        const motiftok::tokenize::Tokenizer tokenizer(vocabulary);
        motiftok::io::SequenceReader reader(argv[2]);
        motiftok::io::Record record;
        while (reader.next(record)) {  // record.seq is normalized: A, C, G, T and N only
            std::cout << record.id;
            const char* sep = "\t";
            for (const std::int32_t id : tokenizer.encode(record.seq)) {
                std::cout << sep << tokenizer.token(id);
                sep = " ";
            }
            std::cout << '\n';
        }
    } catch (const motiftok::Error& e) {  // typed errors: InputError, DataError, ConfigError
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
