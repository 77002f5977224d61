#pragma once
// Reading FASTA/FASTQ (plain, gzip, bgzip, or "-" for stdin) through HTSlib, with the
// normalization of DESIGN.md §2: lower case is upper-cased, IUPAC ambiguity codes become N,
// U becomes T, anything else is an InputError naming file, record, id and position.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace motiftok::io {

/// One sequence record. `seq` is normalized: only the bytes 'A', 'C', 'G', 'T' and 'N'.
struct Record {
    std::string
        id;  ///< the header after '>' / '@' up to the first white space (leading spaces skipped)
    std::string seq;  ///< normalized sequence
};

/// What normalization changed, per input; tools/ reports it once.
struct ReadStats {
    std::uint64_t records = 0;        ///< non-empty records returned
    std::uint64_t bases = 0;          ///< bases returned (after normalization)
    std::uint64_t lowercase = 0;      ///< bases that were lower case (soft-masked)
    std::uint64_t n_bases = 0;        ///< bases that are N after normalization (N or IUPAC)
    std::uint64_t iupac_to_n = 0;     ///< IUPAC codes other than N turned into N (R, Y, S, ...)
    std::uint64_t u_to_t = 0;         ///< U/u read as T
    std::uint64_t empty_records = 0;  ///< records with no sequence, skipped

    /// Adds another input's counts to these.
    void add(const ReadStats& other);
};

/// Reader options; defaults are the CLI defaults.
struct ReaderOptions {
    bool strict = false;              ///< empty records are an error instead of a warning
    bool check_duplicate_ids = true;  ///< a repeated id within one input is a DataError
    int threads = 1;  ///< > 1: decompress bgzip input with this many threads (plain gzip: 1)
};

/// Streams normalized records from one file. Not thread-safe; one reader per thread.
class SequenceReader {
  public:
    /// Opens `path` ("-" = stdin). Throws InputError if it cannot be opened.
    explicit SequenceReader(std::string path, ReaderOptions options = {});
    ~SequenceReader();
    SequenceReader(const SequenceReader&) = delete;
    SequenceReader& operator=(const SequenceReader&) = delete;

    /// Reads the next non-empty record into `record`; returns false at the end of the input.
    /// Throws InputError on malformed or truncated input (never a silent end of file), when
    /// the input ends without any non-empty record ("'x.fa' contains no sequence records"),
    /// and (with `strict`) on an empty record; DataError on a duplicate id. O(record length).
    bool next(Record& record);

    const ReadStats& stats() const;
    const std::string& path() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Reads every record of `path`. Throws as SequenceReader::next, and InputError if the file
/// holds no non-empty record. Adds to `*stats` if given.
std::vector<Record> read_sequences(const std::string& path, const ReaderOptions& options = {},
                                   ReadStats* stats = nullptr);

/// The 256-entry table used for normalization: 'A','C','G','T','N' for valid letters of either
/// case (IUPAC codes map to 'N', U to 'T'), 0 for every byte that is not a nucleotide code.
const unsigned char* normalization_table();

}  // namespace motiftok::io
