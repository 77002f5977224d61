#pragma once
// Exporting a vocabulary for other tools (DESIGN.md §7, §9; docs/formats.md): a HuggingFace
// tokenizer folder (tokenizer.json, tokenizer_config.json, special_tokens_map.json), a TSV for
// people, a compact JSON list, and a MEME minimal motif file. (The namespace is `exports`
// because `export` is a C++ keyword.)

#include <cstddef>
#include <string>
#include <vector>

namespace motiftok::vocab {
class Vocabulary;
}

namespace motiftok::exports {

/// Export options; member initializers are the CLI defaults.
struct ExportOptions {
    std::size_t meme_min_length = 6;  ///< MEME: only tokens at least this long
    std::size_t meme_top = 100;       ///< MEME: at most this many motifs, by decreasing info_gain
    double meme_pseudocount = 0.01;   ///< MEME: added to every letter of the one-hot matrix
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
/// Throws ConfigError for a negative or non-finite pseudocount.
std::string meme(const vocab::Vocabulary& vocabulary, const ExportOptions& options);

}  // namespace motiftok::exports
