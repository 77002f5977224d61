#pragma once
// Foreign vocabularies: a HuggingFace tokenizer.json of model type Unigram, BPE or WordPiece,
// applied to DNA the way its own library would (docs/evaluate.md "Foreign vocabularies"):
// Unigram = Viterbi over its scores (motiftok's Tokenizer, same tie rule as HF), BPE = merges
// applied by rank (lowest rank first, leftmost first among equal ranks), WordPiece = greedy
// longest-match-first with the continuing-subword prefix. The tokenizer runs on the normalized
// sequence (A, C, G, T, N); its normalizer and pre-tokenizer are not applied (DNA has no spaces).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::tokenize {

enum class ForeignModel { Unigram, Bpe, WordPiece };

/// The name of `model` as HF writes it ("Unigram", "BPE", "WordPiece").
const char* foreign_model_name(ForeignModel model);

class ForeignTokenizer {
  public:
    /// Parses tokenizer.json text; `source` names the file in messages. Throws InputError for
    /// invalid JSON, a missing or unsupported model type, BPE dropout or end-of-word suffixes,
    /// a merge whose parts or result are not in the vocabulary, or a vocabulary without any
    /// token made of A, C, G, T only.
    static ForeignTokenizer from_json(std::string_view text, const std::string& source);
    /// Reads and parses a tokenizer.json file. Throws InputError.
    static ForeignTokenizer load(const std::string& path);

    ~ForeignTokenizer();
    ForeignTokenizer(ForeignTokenizer&&) noexcept;
    ForeignTokenizer& operator=(ForeignTokenizer&&) noexcept;

    ForeignModel model() const;
    /// The token strings as a motiftok vocabulary (strand "forward"): A, C, G, T, N at ids 0..4,
    /// then every other token made only of A, C, G, T (WordPiece: with the "##" prefix removed)
    /// once, in file order. Special tokens and tokens with other characters are left out.
    /// Scores: Unigram's log-probabilities, −rank for BPE merge results, 0 otherwise.
    const vocab::Vocabulary& vocabulary() const;
    /// Ids (into vocabulary()) of the tokens of `seq` (normalized: A, C, G, T, N), reusing `ids`
    /// (cleared first). A base the foreign vocabulary lacks (where HF would emit its unknown
    /// token) becomes that single base. The concatenation of the tokens is `seq`. Thread-safe.
    /// O(n · L) for Unigram and WordPiece, O(n log n) for BPE.
    void encode(std::string_view seq, std::vector<std::int32_t>& ids) const;

  private:
    struct Impl;
    explicit ForeignTokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace motiftok::tokenize
