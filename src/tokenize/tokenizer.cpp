#include "motiftok/tokenize/tokenizer.hpp"

#include "motiftok/vocab/vocabulary.hpp"
#include "tokenizer_impl.hpp"

namespace motiftok::tokenize {

Tokenizer::Tokenizer(const vocab::Vocabulary& vocabulary) : impl_(std::make_unique<Impl>()) {
    std::vector<std::string> toks;
    std::vector<double> sc;
    toks.reserve(vocabulary.tokens().size());
    sc.reserve(vocabulary.tokens().size());
    for (const auto& t : vocabulary.tokens()) {
        toks.push_back(t.token);
        sc.push_back(t.score);
    }
    impl_->build(toks, sc);
}

Tokenizer::Tokenizer(const std::vector<std::string>& tokens, const std::vector<double>& scores)
    : impl_(std::make_unique<Impl>()) {
    impl_->build(tokens, scores);
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::vector<std::int32_t> Tokenizer::encode(std::string_view seq) const {
    std::vector<std::int32_t> ids;
    encode(seq, ids);
    return ids;
}

double Tokenizer::encode(std::string_view seq, std::vector<std::int32_t>& ids) const {
    ids.clear();
    return impl_->run(seq, [&ids](const Span* spans, std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) ids.push_back(spans[i].id);
    });
}

std::vector<Span> Tokenizer::encode_spans(std::string_view seq) const {
    std::vector<Span> spans;
    encode_spans(seq, spans);
    return spans;
}

double Tokenizer::encode_spans(std::string_view seq, std::vector<Span>& spans) const {
    spans.clear();
    return impl_->run(seq, [&spans](const Span* block, std::size_t count) {
        spans.insert(spans.end(), block, block + count);
    });
}

double Tokenizer::encode_stream(std::string_view seq, const SpanSink& sink) const {
    return impl_->run(seq, sink);
}

std::size_t Tokenizer::max_token_length() const {
    return impl_->max_len;
}
std::size_t Tokenizer::size() const {
    return impl_->tokens.size();
}
const std::string& Tokenizer::token(std::int32_t id) const {
    return impl_->tokens[static_cast<std::size_t>(id)];
}
double Tokenizer::score(std::int32_t id) const {
    return impl_->scores[static_cast<std::size_t>(id)];
}

}  // namespace motiftok::tokenize
