// Reading HuggingFace tokenizer.json files (Unigram, BPE, WordPiece) and segmenting DNA with them
// as the HF library does; see include/motiftok/tokenize/foreign.hpp.
#include "motiftok/tokenize/foreign.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <queue>
#include <unordered_map>

#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/version.hpp"

namespace motiftok::tokenize {

namespace {

using json = nlohmann::json;
constexpr const char* kBases[5] = {"A", "C", "G", "T", "N"};
// Unknown pieces score the lowest score minus this, as HF's Unigram does (kUnkPenalty).
constexpr double kUnknownPenalty = 10.0;
// add_string() with this score adds the string and leaves its score to a later call.
constexpr double kKeepScore = std::numeric_limits<double>::quiet_NaN();

bool is_dna(const std::string& s) {
    if (s.empty() || s.size() > Tokenizer::kMaxTokenLength) return false;
    if (s == "N") return true;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; });
}

// Id of base `c` (A, C, G, T, N of a normalized sequence): the vocabulary starts with kBases.
int base_id(char c) {
    return kmer::kNt4[static_cast<unsigned char>(c)];
}

// Builds the motiftok vocabulary of the DNA strings: bases first, then the others in the order
// given. Returns the id of each string.
class VocabBuilder {
  public:
    explicit VocabBuilder(const std::string& source, const char* model) {
        v_.strand = motiftok::kmer::Strand::kForward;
        v_.motiftok_version = kVersion;
        v_.options_json = json{{"imported_from", source}, {"model", model}}.dump();
        for (const char* b : kBases) add_string(b, kKeepScore);
    }
    // Id of `s` (added if new); a NaN score leaves the score as it is.
    std::int32_t add_string(const std::string& s, double score) {
        auto [it, fresh] = ids_.emplace(s, static_cast<std::int32_t>(v_.tokens().size()));
        if (fresh) {
            vocab::Token t;
            t.token = s;
            v_.add_token(t);
            seen_.push_back(false);
        }
        const auto id = static_cast<std::size_t>(it->second);
        if (score == score && !seen_[id]) {
            v_.edit_token(id, [score](vocab::Token& t) { t.score = t.log_prob = score; });
            seen_[id] = true;
        }
        return it->second;
    }
    // Bases the foreign vocabulary lacked get `fallback` as score.
    vocab::Vocabulary finish(double fallback) {
        for (std::size_t i = 0; i < 5; ++i) {
            if (!seen_[i])
                v_.edit_token(i, [fallback](vocab::Token& t) { t.score = t.log_prob = fallback; });
        }
        for (std::size_t i = 0; i < v_.size(); ++i) {
            v_.edit_token(i, [](vocab::Token& t) { t.log_prob = std::min(t.log_prob, 0.0); });
        }
        v_.validate();
        return std::move(v_);
    }

  private:
    vocab::Vocabulary v_;
    std::unordered_map<std::string, std::int32_t> ids_;
    std::vector<bool> seen_;
};

// {token: id} objects (BPE, WordPiece) as a list in id order.
std::vector<std::string> tokens_by_id(const json& vocab, const std::string& source) {
    if (!vocab.is_object()) throw InputError(source + ": model.vocab must be an object");
    std::vector<std::pair<std::int64_t, std::string>> items;
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer()) {
            throw InputError(source + ": model.vocab['" + it.key() + "'] must be an integer id");
        }
        items.emplace_back(it.value().get<std::int64_t>(), it.key());
    }
    std::sort(items.begin(), items.end());
    std::vector<std::string> out;
    for (auto& [id, s] : items) out.push_back(std::move(s));
    return out;
}

}  // namespace

const char* foreign_model_name(ForeignModel model) {
    switch (model) {
        case ForeignModel::Unigram:
            return "Unigram";
        case ForeignModel::Bpe:
            return "BPE";
        case ForeignModel::WordPiece:
            return "WordPiece";
    }
    return "?";
}

struct ForeignTokenizer::Impl {
    ForeignModel model = ForeignModel::Unigram;
    vocab::Vocabulary vocabulary;
    std::unique_ptr<Tokenizer> viterbi;  // Unigram
    // BPE: foreign symbols are indexes into `strings`; mine[i] is its motiftok id (-1 if none).
    std::vector<std::string> strings;
    std::vector<std::int32_t> mine;
    std::unordered_map<std::string, std::int32_t> symbol;  // string -> index into strings
    std::unordered_map<std::uint64_t, std::pair<std::int32_t, std::int32_t>> merges;  // (rank, id)
    bool ignore_merges = false;
    // WordPiece: string (without prefix) -> motiftok id, for word-initial and continuing pieces.
    std::unordered_map<std::string, std::int32_t> initial, continuing;
    std::size_t max_length = 1;
    std::size_t dna_tokens = 0;  // tokens of the file made of A, C, G, T (N) only

    void parse_unigram(const json& m, const std::string& source);
    void parse_bpe(const json& m, const std::string& source);
    void parse_wordpiece(const json& m, const std::string& source);
    void encode_bpe(std::string_view seq, std::vector<std::int32_t>& ids) const;
    void encode_wordpiece(std::string_view seq, std::vector<std::int32_t>& ids) const;
};

void ForeignTokenizer::Impl::parse_unigram(const json& m, const std::string& source) {
    const auto vocab = m.find("vocab");
    if (vocab == m.end() || !vocab->is_array()) {
        throw InputError(source + ": a Unigram model needs a 'vocab' list of [piece, score]");
    }
    VocabBuilder b(source, "Unigram");
    double min_score = 0.0;
    for (std::size_t i = 0; i < vocab->size(); ++i) {
        const json& e = (*vocab)[i];
        if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_number()) {
            throw InputError(source + ": model.vocab[" + std::to_string(i) +
                             "] must be [piece, score]");
        }
        const double score = e[1].get<double>();
        min_score = std::min(min_score, score);
        const auto piece = e[0].get<std::string>();
        if (is_dna(piece)) {
            b.add_string(piece, score);
            ++dna_tokens;
        }
    }
    vocabulary = b.finish(min_score - kUnknownPenalty);
    viterbi = std::make_unique<Tokenizer>(vocabulary);
}

void ForeignTokenizer::Impl::parse_bpe(const json& m, const std::string& source) {
    for (const char* key : {"dropout", "end_of_word_suffix", "continuing_subword_prefix"}) {
        const auto it = m.find(key);
        if (it != m.end() && !it->is_null() &&
            !(it->is_string() && it->get<std::string>().empty())) {
            throw InputError(source + ": BPE option '" + key +
                             "' is not supported (evaluation needs a deterministic, plain BPE)");
        }
    }
    ignore_merges = m.value("ignore_merges", false);
    strings = tokens_by_id(m.at("vocab"), source);
    VocabBuilder b(source, "BPE");
    for (std::size_t i = 0; i < strings.size(); ++i) {
        symbol.emplace(strings[i], static_cast<std::int32_t>(i));
        mine.push_back(is_dna(strings[i]) ? b.add_string(strings[i], kKeepScore) : -1);
        dna_tokens += mine.back() >= 0 ? 1 : 0;
    }
    const auto list = m.find("merges");
    if (list == m.end() || !list->is_array()) throw InputError(source + ": BPE needs 'merges'");
    for (std::size_t r = 0; r < list->size(); ++r) {
        const json& e = (*list)[r];
        std::string left, right;
        if (e.is_string()) {  // "A B"
            const auto s = e.get<std::string>();
            const auto space = s.find(' ');
            if (space == std::string::npos)
                throw InputError(source + ": merge '" + s + "' has no space");
            left = s.substr(0, space);
            right = s.substr(space + 1);
        } else if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
            left = e[0].get<std::string>();
            right = e[1].get<std::string>();
        } else {
            throw InputError(source + ": merges[" + std::to_string(r) +
                             "] must be \"a b\" or [a, b]");
        }
        const auto a = symbol.find(left), c = symbol.find(right), ab = symbol.find(left + right);
        if (a == symbol.end() || c == symbol.end() || ab == symbol.end()) {
            throw InputError(source + ": merges[" + std::to_string(r) + "] ('" + left + "', '" +
                             right + "') uses a token the vocabulary lacks");
        }
        const std::uint64_t key =
            static_cast<std::uint64_t>(a->second) << 32 | static_cast<std::uint32_t>(c->second);
        merges.emplace(key, std::make_pair(static_cast<std::int32_t>(r), ab->second));
        // A merge result's score is −rank: earlier merges are the more frequent pairs.
        if (mine[static_cast<std::size_t>(ab->second)] >= 0) {
            b.add_string(left + right, -static_cast<double>(r));
        }
    }
    vocabulary = b.finish(0.0);
}

void ForeignTokenizer::Impl::parse_wordpiece(const json& m, const std::string& source) {
    const std::string prefix = m.value("continuing_subword_prefix", std::string("##"));
    VocabBuilder b(source, "WordPiece");
    for (const auto& s : tokens_by_id(m.at("vocab"), source)) {
        const bool cont = !prefix.empty() && s.compare(0, prefix.size(), prefix) == 0;
        const std::string body = cont ? s.substr(prefix.size()) : s;
        if (!is_dna(body)) continue;
        (cont ? continuing : initial).emplace(body, b.add_string(body, 0.0));
        ++dna_tokens;
        max_length = std::max(max_length, body.size());
    }
    vocabulary = b.finish(0.0);
}

void ForeignTokenizer::Impl::encode_bpe(std::string_view seq,
                                        std::vector<std::int32_t>& ids) const {
    ids.clear();
    if (seq.empty()) return;
    if (ignore_merges) {
        const auto it = symbol.find(std::string(seq));
        if (it != symbol.end() && mine[static_cast<std::size_t>(it->second)] >= 0) {
            ids.push_back(mine[static_cast<std::size_t>(it->second)]);
            return;
        }
    }
    // Symbols as a doubly linked list over positions; sym = foreign index, or −1 − base (unknown).
    const auto n = static_cast<std::int32_t>(seq.size());
    std::vector<std::int32_t> sym(seq.size()), prev(seq.size()), next(seq.size());
    std::vector<bool> alive(seq.size(), true);
    for (std::int32_t i = 0; i < n; ++i) {
        const auto it = symbol.find(std::string(1, seq[static_cast<std::size_t>(i)]));
        sym[static_cast<std::size_t>(i)] =
            it != symbol.end() ? it->second : -1 - base_id(seq[static_cast<std::size_t>(i)]);
        prev[static_cast<std::size_t>(i)] = i - 1;
        next[static_cast<std::size_t>(i)] = i + 1 < n ? i + 1 : -1;
    }
    // Heap of (rank, position, new symbol): lowest rank first, then leftmost (HF's order).
    using Entry = std::tuple<std::int32_t, std::int32_t, std::int32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
    auto lookup = [&](std::int32_t pos) -> const std::pair<std::int32_t, std::int32_t>* {
        const std::int32_t right = next[static_cast<std::size_t>(pos)];
        if (right < 0) return nullptr;
        const std::int32_t a = sym[static_cast<std::size_t>(pos)];
        const std::int32_t c = sym[static_cast<std::size_t>(right)];
        if (a < 0 || c < 0) return nullptr;
        const auto it =
            merges.find(static_cast<std::uint64_t>(a) << 32 | static_cast<std::uint32_t>(c));
        return it == merges.end() ? nullptr : &it->second;
    };
    auto push = [&](std::int32_t pos) {
        if (const auto* m = lookup(pos)) heap.emplace(m->first, pos, m->second);
    };
    for (std::int32_t i = 0; i < n; ++i) push(i);
    while (!heap.empty()) {
        const auto [rank, pos, merged] = heap.top();
        heap.pop();
        if (!alive[static_cast<std::size_t>(pos)]) continue;
        const auto* m = lookup(pos);  // stale entry: the pair changed since it was pushed
        if (m == nullptr || m->first != rank || m->second != merged) continue;
        const std::int32_t right = next[static_cast<std::size_t>(pos)];
        sym[static_cast<std::size_t>(pos)] = merged;
        alive[static_cast<std::size_t>(right)] = false;
        next[static_cast<std::size_t>(pos)] = next[static_cast<std::size_t>(right)];
        if (next[static_cast<std::size_t>(pos)] >= 0) {
            prev[static_cast<std::size_t>(next[static_cast<std::size_t>(pos)])] = pos;
        }
        push(pos);
        if (prev[static_cast<std::size_t>(pos)] >= 0) push(prev[static_cast<std::size_t>(pos)]);
    }
    for (std::int32_t i = 0; i >= 0; i = next[static_cast<std::size_t>(i)]) {
        const std::int32_t s = sym[static_cast<std::size_t>(i)];
        const std::int32_t id = s >= 0 ? mine[static_cast<std::size_t>(s)] : -1 - s;
        if (id >= 0) {
            ids.push_back(id);
            continue;
        }
        // A symbol motiftok left out (longer than kMaxTokenLength): its bases one by one.
        const std::int32_t end =
            next[static_cast<std::size_t>(i)] >= 0 ? next[static_cast<std::size_t>(i)] : n;
        for (std::int32_t j = i; j < end; ++j)
            ids.push_back(base_id(seq[static_cast<std::size_t>(j)]));
    }
}

void ForeignTokenizer::Impl::encode_wordpiece(std::string_view seq,
                                              std::vector<std::int32_t>& ids) const {
    ids.clear();
    std::string piece;
    for (std::size_t start = 0; start < seq.size();) {
        const auto& table = start == 0 ? initial : continuing;
        std::size_t len = std::min(max_length, seq.size() - start);
        std::int32_t id = -1;
        for (; len > 0; --len) {
            piece.assign(seq.substr(start, len));
            const auto it = table.find(piece);
            if (it != table.end()) {
                id = it->second;
                break;
            }
        }
        if (id < 0) {  // HF: the whole word becomes [UNK]; here: the single base
            id = base_id(seq[start]);
            len = 1;
        }
        ids.push_back(id);
        start += len;
    }
}

ForeignTokenizer::ForeignTokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ForeignTokenizer::~ForeignTokenizer() = default;
ForeignTokenizer::ForeignTokenizer(ForeignTokenizer&&) noexcept = default;
ForeignTokenizer& ForeignTokenizer::operator=(ForeignTokenizer&&) noexcept = default;

ForeignTokenizer ForeignTokenizer::from_json(std::string_view text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw InputError(source + ": not valid JSON (" + e.what() + ")");
    }
    const auto m = j.find("model");
    if (!j.is_object() || m == j.end() || !m->is_object() || !m->contains("type")) {
        throw InputError(source + ": not a HuggingFace tokenizer.json (no model.type)");
    }
    auto impl = std::make_unique<Impl>();
    const std::string type = m->at("type").is_string() ? m->at("type").get<std::string>() : "";
    try {
        if (type == "Unigram") {
            impl->model = ForeignModel::Unigram;
            impl->parse_unigram(*m, source);
        } else if (type == "BPE") {
            impl->model = ForeignModel::Bpe;
            impl->parse_bpe(*m, source);
        } else if (type == "WordPiece") {
            impl->model = ForeignModel::WordPiece;
            impl->parse_wordpiece(*m, source);
        } else {
            throw InputError(source + ": model type '" + type +
                             "' is not supported; use a Unigram, BPE or WordPiece tokenizer.json");
        }
    } catch (const json::exception& e) {
        throw InputError(source + ": malformed " + type + " model (" + e.what() + ")");
    } catch (const DataError& e) {
        throw InputError(source + ": " + e.what());
    }
    if (impl->dna_tokens == 0) {
        throw InputError(source + ": no token made of A, C, G, T only; not a DNA tokenizer");
    }
    return ForeignTokenizer(std::move(impl));
}

ForeignTokenizer ForeignTokenizer::load(const std::string& path) {
    return from_json(io::read_file(path, "tokenizer.json"), path);
}

ForeignModel ForeignTokenizer::model() const {
    return impl_->model;
}
const vocab::Vocabulary& ForeignTokenizer::vocabulary() const {
    return impl_->vocabulary;
}

void ForeignTokenizer::encode(std::string_view seq, std::vector<std::int32_t>& ids) const {
    switch (impl_->model) {
        case ForeignModel::Unigram:
            impl_->viterbi->encode(seq, ids);
            return;
        case ForeignModel::Bpe:
            impl_->encode_bpe(seq, ids);
            return;
        case ForeignModel::WordPiece:
            impl_->encode_wordpiece(seq, ids);
            return;
    }
}

}  // namespace motiftok::tokenize
