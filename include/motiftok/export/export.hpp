#pragma once
// Exporting a vocabulary for other tools (DESIGN.md §7, §9; docs/formats.md): a HuggingFace
// tokenizer folder (tokenizer.json, tokenizer_config.json, special_tokens_map.json), a TSV for
// people, a compact JSON list, and a MEME minimal motif file. (The namespace is `exports`
// because `export` is a C++ keyword.)

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace motiftok::vocab {
class Vocabulary;
struct Family;
}  // namespace motiftok::vocab

namespace motiftok::exports {

/// What a motif is in `export --format meme` and `annotate`: a motif family (its PWM), or a
/// token; Auto = families when the vocabulary has them, else tokens.
enum class MotifUnit { Auto, Family, Token };

/// Export options; member initializers are the CLI defaults.
struct ExportOptions {
    MotifUnit meme_unit = MotifUnit::Auto;  ///< MEME: one motif per family or per token
    std::size_t meme_min_length = 6;        ///< MEME: only tokens at least this long
    std::size_t meme_top = 100;      ///< MEME: at most this many motifs, by decreasing info_gain
    double meme_pseudocount = 0.01;  ///< MEME: added to every letter of the one-hot matrix
    std::size_t model_max_length = 2048;  ///< HF tokenizer_config.json: longest input in tokens
};

/// Special tokens of the HF export, in id order after the vocabulary's own tokens.
inline constexpr const char* kSpecialTokens[5] = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"};

/// HuggingFace tokenizer.json: a Unigram model whose pieces are the vocabulary's tokens with
/// their scores s(t) (id = motiftok id), the special tokens appended after them, normalizers that
/// upper-case a/c/g/t, read U/u as T and turn every other character into N, no pre-tokenizer,
/// [CLS] $A [SEP] post-processing and a Fuse decoder. HF's Viterbi then gives motiftok's tokens.
std::string hf_tokenizer_json(const vocab::Vocabulary& vocabulary);
/// tokenizer_config.json for transformers' PreTrainedTokenizerFast / AutoTokenizer.
std::string hf_tokenizer_config_json(const ExportOptions& options);
/// special_tokens_map.json.
std::string hf_special_tokens_map_json();
/// The three files write_hf(`path`) writes: tokenizer.json, tokenizer_config.json,
/// special_tokens_map.json (for io::check_outputs_not_inputs()).
std::vector<std::string> hf_output_paths(const std::string& path);
/// Writes the three HF files. `path` is a folder (created if missing), or a path ending in
/// ".json" for tokenizer.json, with the two other files written beside it. Each file is written
/// atomically. Throws InputError if a file cannot be written.
void write_hf(const vocab::Vocabulary& vocabulary, const std::string& path,
              const ExportOptions& options);

/// One header row, then one row per token: id, token, score, log_prob, info_gain, p_value,
/// count, then one seqs_<class> column per class. Numbers print exactly (shortest round trip).
std::string tsv(const vocab::Vocabulary& vocabulary);
/// A compact JSON array (one line) of {id, token, score, log_prob, info_gain, p_value, count,
/// seqs_per_class}.
std::string json_list(const vocab::Vocabulary& vocabulary);
/// MEME minimal format (version 4): tokens of length >= meme_min_length, the top meme_top by
/// info_gain (ties by id); with strand "both" one token of each reverse-complement pair. Each
/// exact token becomes a one-hot letter-probability matrix smoothed by meme_pseudocount.
/// Throws ConfigError for a negative or non-finite pseudocount. With families (meme_unit Family,
/// or Auto and the vocabulary has families) it writes meme_families instead.
std::string meme(const vocab::Vocabulary& vocabulary, const ExportOptions& options);

/// MEME minimal format, one motif per family in family order (the first meme_top): `MOTIF F<id>
/// <core consensus>`, the family's PWM cut to its core (family_core), nsites = its sites.
/// Throws DataError if the vocabulary has no families.
std::string meme_families(const vocab::Vocabulary& vocabulary, const ExportOptions& options);

/// The columns [first, last) of a family's PWM left after dropping, from each end, columns with
/// less than `min_bits` information content (2 + Σ p log2 p); the seed's own columns
/// [origin, origin + seed_length) are never dropped.
std::pair<std::size_t, std::size_t> family_core(const vocab::Family& family,
                                                std::size_t seed_length, double min_bits);

/// Information content below which the end columns of a family PWM are cut (bits).
inline constexpr double kFamilyCoreBits = 0.5;

}  // namespace motiftok::exports
