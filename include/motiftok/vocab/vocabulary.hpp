#pragma once
// The learned vocabulary and its file format, vocab.json (DESIGN.md §7, docs/formats.md).
//
// Ids: 0..4 are always the single bases A, C, G, T, N, so every normalized sequence can be
// tokenized. The learner orders the other tokens by decreasing info_gain, ties by token string.
// With strand "both" the vocabulary is closed under reverse complement: a token and its reverse
// complement are two entries sharing their statistics; `score` is what the tokenizer uses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "motiftok/kmer/strand.hpp"
#include "motiftok/vocab/families.hpp"

namespace motiftok::vocab {

inline constexpr const char* kFormatName = "motiftok-vocab";
/// Version 2 added the optional per-token "task_effect" and "motif_score" (`motiftok fit`) and
/// motif families (top-level "families", per-token "family"); version 1 still loads.
inline constexpr int kFormatVersion = 2;

struct Token {
    std::string token;        ///< normalized bases (A, C, G, T; "N" only alone)
    double log_prob = 0.0;    ///< natural log unigram probability of this string
    double info_gain = 0.0;   ///< bits; token-level IG from the final tokenization
    double score = 0.0;       ///< s(t): the tokenizer maximizes the sum of these
    double p_value = 1.0;     ///< G-test p-value of info_gain
    std::uint64_t count = 0;  ///< uses in the final tokenization of the corpus
    std::vector<std::uint64_t> seqs_per_class;  ///< sequences whose tokenization contains it
    /// nats: mean held-out loss increase when all the token's occurrences are masked (fit only)
    std::optional<double> task_effect;
    /// s_i of the classifier's attention bias, in [0, 1]; absent: info_gain / max info_gain
    std::optional<double> motif_score;
    std::int32_t family = -1;  ///< index into Vocabulary::families, −1 = in no family
};

class Vocabulary {
  public:
    kmer::Strand strand = kmer::Strand::kBoth;  ///< "strand" in vocab.json
    std::vector<std::string> classes;           ///< empty for a vocabulary learned without labels
    std::string options_json = "{}";            ///< the options that made it, a JSON object (text)
    std::string motiftok_version;               ///< version of motiftok that wrote it
    std::vector<Family> families;  ///< motif families (families.hpp); index = family id

    /// The tokens; index = id. Changed only through the members below, which keep id() right.
    const std::vector<Token>& tokens() const { return tokens_; }
    /// Appends `token` with id size(). A string already present keeps its first id (validate()
    /// rejects the repeat).
    void add_token(Token token);
    /// Replaces every token (index = id).
    void set_tokens(std::vector<Token> tokens);
    /// Changes token `id` in place with edit(Token&); the index follows a changed string.
    template <class Edit>
    void edit_token(std::size_t id, Edit&& edit) {
        Token& t = tokens_.at(id);
        const std::string before = t.token;
        edit(t);
        if (t.token != before) rebuild_index();
    }

    /// Id of `token`, or -1.
    std::int32_t id(std::string_view token) const;
    std::size_t size() const { return tokens_.size(); }
    /// Length of the longest token.
    std::size_t max_token_length() const;

    /// Checks the invariants (format-independent): the five bases at ids 0..4, only ACGT in
    /// longer tokens, no duplicates, finite scores, seqs_per_class sized like classes, with
    /// strand "both" every reverse complement present, and families that agree with the
    /// tokens' `family` fields (ids in order, members valid, PWM rows of four probabilities).
    /// Throws DataError.
    void validate() const;

    /// Serializes to the vocab.json text.
    std::string to_json() const;
    /// Parses vocab.json text; `source` names the file in messages. Throws InputError for a
    /// wrong format name, an unknown version (saying what to do), truncated or invalid JSON,
    /// and anything validate() rejects.
    static Vocabulary from_json(std::string_view text, const std::string& source = "<vocab>");
    /// Loads and validates a vocab.json file. Throws InputError.
    static Vocabulary load(const std::string& path);
    /// Writes vocab.json atomically. Throws InputError.
    void save(const std::string& path) const;

  private:
    void rebuild_index();

    std::vector<Token> tokens_;
    std::unordered_map<std::string, std::int32_t> index_;  ///< string -> first id
};

}  // namespace motiftok::vocab
