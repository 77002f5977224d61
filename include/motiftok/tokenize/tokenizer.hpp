#pragma once
// Best-path segmentation of DNA over a token set (DESIGN.md §5): maximize the sum of token
// scores; ties go to the longer last token (what HuggingFace's Unigram Viterbi does).
// The runtime half of motiftok: links no training code.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace motiftok::vocab {
class Vocabulary;
}

namespace motiftok::tokenize {

/// A token occurrence: bases [start, end) of the sequence, token `id`.
struct Span {
    std::uint64_t start;
    std::uint64_t end;
    std::int32_t id;
};

class Tokenizer {
  public:
    /// Longest token the matcher accepts (the back-pointer is one byte per base).
    static constexpr std::size_t kMaxTokenLength = 127;

    /// Receives the tokens of a segmentation in order, in blocks of up to 65536 spans.
    using SpanSink = std::function<void(const Span* spans, std::size_t count)>;

    /// Builds the matcher from a vocabulary's tokens and scores. Every constructor rounds the
    /// scores with vocab::round_score (the exact decimals the HF export writes); score() returns
    /// the rounded values.
    explicit Tokenizer(const vocab::Vocabulary& vocabulary);
    /// Builds it from token strings (index = id) and scores; the learner uses this with the
    /// scores of the current iteration. The five single bases A, C, G, T, N must be present.
    /// Throws ConfigError for a missing base, a duplicate, a letter other than ACGT in a token
    /// (N only as the token "N"), a token longer than kMaxTokenLength, a non-finite score or
    /// one of magnitude >= vocab::kMaxAbsScore.
    Tokenizer(const std::vector<std::string>& tokens, const std::vector<double>& scores);
    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    /// Token ids of the best segmentation of `seq` (any case; U reads as T; every other byte
    /// that is not A, C, G, T counts as N, which is always the single-base token "N").
    /// The concatenation of the tokens is the normalized sequence. Thread-safe (const).
    std::vector<std::int32_t> encode(std::string_view seq) const;
    /// The same, reusing `ids` (cleared first) and a per-thread work buffer: for inner loops.
    /// Returns the score of the best path (the sum of its token scores). O(n * L) time.
    double encode(std::string_view seq, std::vector<std::int32_t>& ids) const;
    /// The same segmentation as spans.
    std::vector<Span> encode_spans(std::string_view seq) const;
    /// The same, reusing `spans` (cleared first); returns the best-path score.
    double encode_spans(std::string_view seq, std::vector<Span>& spans) const;
    /// Streams the segmentation to `sink` without materializing it: memory is the sequence plus
    /// one byte per base plus one block of spans, so a 250 Mbp chromosome fits well under 1 GiB.
    /// Returns the best-path score.
    double encode_stream(std::string_view seq, const SpanSink& sink) const;
    /// Every occurrence of every token in `seq` (the lattice), ordered by start, then length.
    std::vector<Span> lattice(std::string_view seq) const;

    std::size_t max_token_length() const;
    /// Number of tokens (ids are 0..size()-1).
    std::size_t size() const;
    /// Token string and score of `id` (unchecked).
    const std::string& token(std::int32_t id) const;
    double score(std::int32_t id) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace motiftok::tokenize
