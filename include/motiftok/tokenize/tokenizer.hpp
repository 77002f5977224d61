#pragma once
// Best-path segmentation of DNA over a token set (DESIGN.md §5): maximize the sum of token
// scores; ties go to the longer last token (what HuggingFace's Unigram Viterbi does).
// The runtime half of motiftok: links no training code.

#include <cstdint>
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
    /// Builds the matcher from a vocabulary's tokens and scores.
    explicit Tokenizer(const vocab::Vocabulary& vocabulary);
    /// Builds it from token strings (index = id) and scores; the learner uses this with the
    /// scores of the current iteration. The five single bases A, C, G, T, N must be present.
    Tokenizer(const std::vector<std::string>& tokens, const std::vector<double>& scores);
    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    /// Token ids of the best segmentation of `seq` (any case; non-ACGT letters count as N).
    /// The concatenation of the tokens is the normalized sequence. Thread-safe (const).
    std::vector<std::int32_t> encode(std::string_view seq) const;
    /// The same segmentation as spans.
    std::vector<Span> encode_spans(std::string_view seq) const;
    /// Every occurrence of every token in `seq` (the lattice), ordered by start, then length.
    std::vector<Span> lattice(std::string_view seq) const;

    std::size_t max_token_length() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace motiftok::tokenize
