// The lattice: every occurrence of every token, by a walk of the token trie from each start.

#include "motiftok/kmer/encode.hpp"
#include "tokenizer_impl.hpp"

namespace motiftok::tokenize {

std::vector<Span> Tokenizer::lattice(std::string_view seq) const {
    std::vector<Span> out;
    const std::size_t n = seq.size();
    const detail::Node* trie = impl_->nodes.data();
    for (std::size_t j = 0; j < n; ++j) {
        std::uint8_t c = kmer::kNt4[static_cast<unsigned char>(seq[j])];
        if (c > 3) {
            out.push_back(Span{j, j + 1, impl_->n_id});
            continue;
        }
        std::int32_t node = trie[0].child[c];
        for (std::size_t p = j; node != 0;) {
            if (trie[node].id >= 0) out.push_back(Span{j, p + 1, trie[node].id});
            if (++p == n) break;
            c = kmer::kNt4[static_cast<unsigned char>(seq[p])];
            if (c > 3) break;
            node = trie[node].child[c];
        }
    }
    return out;
}

}  // namespace motiftok::tokenize
