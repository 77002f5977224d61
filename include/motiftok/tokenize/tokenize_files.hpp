#pragma once
// Tokenizing whole FASTA/FASTQ inputs to a text stream (`motiftok tokenize`): records are read
// in batches; with several threads the caller reads while worker threads tokenize and a writer
// thread writes the batches in input order; a record longer than `stream_bases` is tokenized
// alone (after everything before it is written) and its output streamed, so memory stays bounded.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/tokenize/tokenizer.hpp"

namespace motiftok::tokenize {

/// Output formats of `motiftok tokenize`.
enum class OutputFormat {
    kTokens,  ///< id<TAB>space-separated tokens
    kIds,     ///< id<TAB>space-separated token ids
    kJsonl,   ///< {"id": ..., "tokens": [...], "ids": [...]} per line
    kBed,     ///< seqid, start, end, token, score per token (0-based, half-open)
};

/// Options of tokenize_files(); member initializers are the CLI defaults.
struct TokenizeOptions {
    OutputFormat format = OutputFormat::kTokens;      ///< the output format
    int threads = 1;                                  ///< > 1: this many tokenizing threads
    std::size_t batch_bases = std::size_t{1} << 18;   ///< bases per batch of short records
    std::size_t stream_bases = std::size_t{8} << 20;  ///< records longer than this are streamed
    bool strict = false;                              ///< empty records are errors
};

/// Parses a format name (tokens, ids, jsonl, bed). Throws ConfigError naming the valid choices.
OutputFormat parse_format(const std::string& name);
/// The name parse_format() reads.
const char* format_name(OutputFormat format);

/// What tokenize_files() did.
struct TokenizeReport {
    std::uint64_t records = 0;
    std::uint64_t bases = 0;
    std::uint64_t tokens = 0;
    io::ReadStats read_stats;  ///< what normalization changed, summed over inputs
};

/// Appends the formatted output of one record (`seq` normalized or raw) to `out`; returns the
/// number of tokens.
std::uint64_t format_record(const Tokenizer& tokenizer, std::string_view id, std::string_view seq,
                            OutputFormat format, std::string& out);

/// Tokenizes every record of `inputs` ("-" = stdin) and writes them to `out` in input order.
/// Output is identical for any thread count. Throws as io::SequenceReader, ConfigError for bad
/// options, InputError if writing fails.
TokenizeReport tokenize_files(const Tokenizer& tokenizer, const std::vector<std::string>& inputs,
                              std::ostream& out, const TokenizeOptions& options);

}  // namespace motiftok::tokenize
