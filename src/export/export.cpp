#include "motiftok/export/export.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <numeric>
#include <unordered_map>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/version.hpp"
#include "motiftok/vocab/score_decimal.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::exports {

namespace {

using json = nlohmann::ordered_json;

json special_token_ref(const char* name, int type_id) {
    return json{{"SpecialToken", {{"id", name}, {"type_id", type_id}}}};
}

json sequence_ref(const char* name, int type_id) {
    return json{{"Sequence", {{"id", name}, {"type_id", type_id}}}};
}

json replace(const char* kind, const char* pattern, const char* content) {
    return json{{"type", "Replace"}, {"pattern", {{kind, pattern}}}, {"content", content}};
}

/// a/c/g/t -> upper case, U/u -> T, every other character -> N (HF has no upper-case
/// normalizer; the regex runs last, on what is left).
json normalizer() {
    json list = json::array();
    for (const char* pair : {"aA", "cC", "gG", "tT", "uT", "UT"}) {
        const std::string from(1, pair[0]);
        const std::string to(1, pair[1]);
        list.push_back(replace("String", from.c_str(), to.c_str()));
    }
    list.push_back(replace("Regex", "[^ACGT]", "N"));
    return json{{"type", "Sequence"}, {"normalizers", std::move(list)}};
}

json post_processor(std::size_t cls_id, std::size_t sep_id) {
    json single = json::array(
        {special_token_ref("[CLS]", 0), sequence_ref("A", 0), special_token_ref("[SEP]", 0)});
    json pair = json::array({special_token_ref("[CLS]", 0), sequence_ref("A", 0),
                             special_token_ref("[SEP]", 0), sequence_ref("B", 1),
                             special_token_ref("[SEP]", 1)});
    json specials = json::object();
    specials["[CLS]"] = {{"id", "[CLS]"}, {"ids", {cls_id}}, {"tokens", {"[CLS]"}}};
    specials["[SEP]"] = {{"id", "[SEP]"}, {"ids", {sep_id}}, {"tokens", {"[SEP]"}}};
    return json{{"type", "TemplateProcessing"},
                {"single", std::move(single)},
                {"pair", std::move(pair)},
                {"special_tokens", std::move(specials)}};
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void make_dir(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
        throw OutputError("cannot create folder '" + dir + "': " + std::strerror(errno));
    }
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw OutputError("'" + dir +
                          "' exists and is not a folder; give a folder or a .json path");
    }
}

std::string number(double x) {
    return json(x).dump();
}

}  // namespace

std::string hf_tokenizer_json(const vocab::Vocabulary& vocabulary) {
    const std::size_t n = vocabulary.tokens().size();
    json added = json::array();
    for (std::size_t k = 0; k < 5; ++k) {
        added.push_back(json{{"id", n + k},
                             {"content", kSpecialTokens[k]},
                             {"single_word", false},
                             {"lstrip", false},
                             {"rstrip", false},
                             {"normalized", false},
                             {"special", true}});
    }
    json out = json::object();
    out["version"] = "1.0";
    out["truncation"] = nullptr;
    out["padding"] = nullptr;
    out["added_tokens"] = std::move(added);
    out["normalizer"] = normalizer();
    out["pre_tokenizer"] = nullptr;
    out["post_processor"] = post_processor(n + 1, n + 2);
    out["decoder"] = json{{"type", "Fuse"}};
    // The model is written by hand: each score as the exact short decimal of
    // vocab::score_decimal (not nlohmann's up-to-17-digit form, which HF's serde_json may read
    // one ulp off), so HF's Unigram adds the same doubles as motiftok's tokenizer.
    std::string text = out.dump(1);
    text.erase(text.size() - 2);  // "\n}"
    text += ",\n \"model\": {\n  \"type\": \"Unigram\",\n  \"unk_id\": " + std::to_string(n) +
            ",\n  \"vocab\": [\n";
    for (const auto& t : vocabulary.tokens()) {
        text += "   [" + json(t.token).dump() + ", " + vocab::score_decimal(t.score) + "],\n";
    }
    for (std::size_t k = 0; k < 5; ++k) {
        text += "   [" + json(kSpecialTokens[k]).dump() + ", 0.0]" + (k < 4 ? ",\n" : "\n");
    }
    text += "  ],\n  \"byte_fallback\": false\n }\n}\n";
    return text;
}

namespace {

/// The roles of the special tokens, as transformers names them (special_tokens_map.json and
/// tokenizer_config.json).
json special_token_roles() {
    json out = json::object();
    out["unk_token"] = "[UNK]";
    out["cls_token"] = "[CLS]";
    out["sep_token"] = "[SEP]";
    out["pad_token"] = "[PAD]";
    out["mask_token"] = "[MASK]";
    return out;
}

}  // namespace

std::string hf_tokenizer_config_json(const ExportOptions& options) {
    json out = json::object();
    out["tokenizer_class"] = "PreTrainedTokenizerFast";
    out.update(special_token_roles());
    out["model_max_length"] = options.model_max_length;
    out["padding_side"] = "right";
    out["truncation_side"] = "right";
    out["clean_up_tokenization_spaces"] = false;
    out["model_input_names"] = {"input_ids", "token_type_ids", "attention_mask"};
    out["motiftok_version"] = kVersion;
    return out.dump(2) + "\n";
}

std::string hf_special_tokens_map_json() {
    return special_token_roles().dump(2) + "\n";
}

std::vector<std::string> hf_output_paths(const std::string& path) {
    std::string dir = path;
    std::string tokenizer_path = path + "/tokenizer.json";
    if (ends_with(path, ".json")) {
        const auto slash = path.find_last_of('/');
        dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
        tokenizer_path = path;
    }
    return {tokenizer_path, dir + "/tokenizer_config.json", dir + "/special_tokens_map.json"};
}

void write_hf(const vocab::Vocabulary& vocabulary, const std::string& path,
              const ExportOptions& options) {
    if (!ends_with(path, ".json")) make_dir(path);
    const auto paths = hf_output_paths(path);
    io::write_file_atomic(paths[0], hf_tokenizer_json(vocabulary));
    io::write_file_atomic(paths[1], hf_tokenizer_config_json(options));
    io::write_file_atomic(paths[2], hf_special_tokens_map_json());
}

std::string tsv(const vocab::Vocabulary& vocabulary) {
    std::string out = "id\ttoken\tscore\tlog_prob\tinfo_gain\tp_value\tcount";
    for (const auto& c : vocabulary.classes) out += "\tseqs_" + c;
    out += '\n';
    for (std::size_t i = 0; i < vocabulary.tokens().size(); ++i) {
        const auto& t = vocabulary.tokens()[i];
        out += std::to_string(i) + '\t' + t.token + '\t' + number(t.score) + '\t' +
               number(t.log_prob) + '\t' + number(t.info_gain) + '\t' + number(t.p_value) + '\t' +
               std::to_string(t.count);
        for (auto s : t.seqs_per_class) out += '\t' + std::to_string(s);
        out += '\n';
    }
    return out;
}

std::string json_list(const vocab::Vocabulary& vocabulary) {
    json out = json::array();
    for (std::size_t i = 0; i < vocabulary.tokens().size(); ++i) {
        const auto& t = vocabulary.tokens()[i];
        out.push_back(json{{"id", i},
                           {"token", t.token},
                           {"score", t.score},
                           {"log_prob", t.log_prob},
                           {"info_gain", t.info_gain},
                           {"p_value", t.p_value},
                           {"count", t.count},
                           {"seqs_per_class", t.seqs_per_class}});
    }
    return out.dump() + "\n";
}

std::string meme(const vocab::Vocabulary& vocabulary, const ExportOptions& options) {
    const double pc = options.meme_pseudocount;
    if (!(pc >= 0.0) || !std::isfinite(pc)) {
        throw ConfigError("`meme_pseudocount` must be a finite number >= 0 (got " + number(pc) +
                          ")");
    }
    if (options.meme_unit == MotifUnit::Family ||
        (options.meme_unit == MotifUnit::Auto && !vocabulary.families.empty())) {
        return meme_families(vocabulary, options);
    }
    const bool both = vocabulary.strand == kmer::Strand::kBoth;
    std::unordered_map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < vocabulary.tokens().size(); ++i)
        ids[vocabulary.tokens()[i].token] = i;
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < vocabulary.tokens().size(); ++i) {
        const std::string& t = vocabulary.tokens()[i].token;
        if (t.size() < options.meme_min_length || t == "N") continue;
        if (both) {  // MEME scans both strands: keep one token of each reverse-complement pair
            const auto rc = ids.find(kmer::revcomp(t));
            if (rc != ids.end() && rc->second < i) continue;
        }
        chosen.push_back(i);
    }
    std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
        return vocabulary.tokens()[a].info_gain > vocabulary.tokens()[b].info_gain;
    });
    if (chosen.size() > options.meme_top) chosen.resize(options.meme_top);

    std::string out = "MEME version 4\n\nALPHABET= ACGT\n\n";
    out += both ? "strands: + -\n\n" : "strands: +\n\n";
    out += "Background letter frequencies (uniform; motiftok exports exact tokens)\n";
    out += "A 0.25 C 0.25 G 0.25 T 0.25\n\n";
    char line[160];
    const double hi = (1.0 + pc) / (1.0 + 4.0 * pc);
    const double lo = pc / (1.0 + 4.0 * pc);
    for (std::size_t i : chosen) {
        const auto& t = vocabulary.tokens()[i];
        std::snprintf(line, sizeof line, "MOTIF %s motiftok_%zu_IG%.4g\n", t.token.c_str(), i,
                      t.info_gain);
        out += line;
        std::snprintf(
            line, sizeof line,
            "letter-probability matrix: alength= 4 w= %zu nsites= %llu E= %.3g\n", t.token.size(),
            static_cast<unsigned long long>(std::max<std::uint64_t>(t.count, 1)), t.p_value);
        out += line;
        for (char c : t.token) {
            const std::uint8_t b = kmer::kNt4[static_cast<unsigned char>(c)];
            std::snprintf(line, sizeof line, " %.6f %.6f %.6f %.6f\n", b == 0 ? hi : lo,
                          b == 1 ? hi : lo, b == 2 ? hi : lo, b == 3 ? hi : lo);
            out += line;
        }
        out += '\n';
    }
    return out;
}

}  // namespace motiftok::exports
