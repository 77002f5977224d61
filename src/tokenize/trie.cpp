// The flat 4-ary tries of the tokens (lookup, lattice) and of the reversed tokens (the DP).

#include "motiftok/kmer/encode.hpp"
#include "tokenizer_impl.hpp"

namespace motiftok::tokenize {

void detail::insert(std::vector<Node>& trie, const std::string& token, bool reversed,
                    std::int32_t id, double score) {
    std::int32_t node = 0;
    for (std::size_t k = 0; k < token.size(); ++k) {
        const char c = token[reversed ? token.size() - 1 - k : k];
        const std::uint8_t b = kmer::kNt4[static_cast<unsigned char>(c)];
        if (trie[static_cast<std::size_t>(node)].child[b] == 0) {
            trie[static_cast<std::size_t>(node)].child[b] = static_cast<std::int32_t>(trie.size());
            trie.emplace_back();
        }
        node = trie[static_cast<std::size_t>(node)].child[b];
    }
    trie[static_cast<std::size_t>(node)].id = id;
    trie[static_cast<std::size_t>(node)].score = score;
}

std::int32_t Tokenizer::Impl::lookup(std::string_view seq, std::size_t start,
                                     std::size_t len) const {
    if (len <= detail::kShortId) {
        std::uint32_t code = 1;
        for (std::size_t p = start; p < start + len; ++p) {
            const std::uint8_t c = kmer::kNt4[static_cast<unsigned char>(seq[p])];
            if (c > 3) return n_id;  // only the token "N" covers a non-ACGT base
            code = (code << 2) | c;
        }
        return short_ids[code];
    }
    std::int32_t node = 0;
    for (std::size_t p = start; p < start + len; ++p) {
        const std::uint8_t c = kmer::kNt4[static_cast<unsigned char>(seq[p])];
        if (c > 3) return n_id;  // only the token "N" covers a non-ACGT base
        node = nodes[static_cast<std::size_t>(node)].child[c];
    }
    return nodes[static_cast<std::size_t>(node)].id;
}

}  // namespace motiftok::tokenize
