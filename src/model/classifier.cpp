// The classifier's network: parameter layout, initialization, featurization (token lattice),
// forward, backward and explanation. Training is in train.cpp, the file format in model_file.cpp.
#include "motiftok/model/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/random.hpp"
#include "motiftok/tokenize/tokenizer.hpp"

namespace motiftok::model {
namespace {

// Activations of one forward pass, kept for the backward pass.
template <typename T>
struct Pass {
    MatrixT<T> pre, h, alpha, g, zm;  // d×m, d×m, H×m, d×H, d×H
    VectorT<T> scores, z, a1, r1, logits, probs;
    VectorT<T> wide;  // C: the gapped k-mer term W_g φ(x) (zero without --gkm)
};

// Maps of the parameter groups over a flat array (parameters or gradients).
template <typename M, typename V, typename Ptr>
struct Groups {
    M E, Wc, Q, K, Vm, W1, W2, Pp, Wg, Fe;
    V bc, gamma, b1, b2;
    Groups(Ptr p, const ParamLayout& L)
        : E(p + L.E, L.dim, L.vocab_size),
          Wc(p + L.Wc, L.dim, 4 * L.width),
          Q(p + L.Q, L.dim, L.heads),
          K(p + L.K, L.dim, L.dim),
          Vm(p + L.V, L.dim, L.dim),
          W1(p + L.W1, L.hidden, L.heads * L.dim),
          W2(p + L.W2, L.classes, L.hidden),
          Pp(p + L.Pp, L.dim, L.bins),
          Wg(p + L.Wg, L.classes, L.gkm_features),
          Fe(p + L.Fe, L.dim, L.families),
          bc(p + L.bc, L.dim),
          gamma(p + L.gamma, L.heads),
          b1(p + L.b1, L.hidden),
          b2(p + L.b2, L.classes) {}
};
template <typename T>
using ConstGroups = Groups<ConstMatrixMapT<T>, ConstVectorMapT<T>, const T*>;
template <typename T>
using MutGroups = Groups<MatrixMapT<T>, VectorMapT<T>, T*>;

// Everything after the attention pooling: g (d×H) and the gapped k-mer term -> probabilities.
template <typename T>
void head_forward(const ConstGroups<T>& P, Pass<T>& s) {
    s.zm.noalias() = P.Vm * s.g;  // d × H
    s.z = Eigen::Map<const VectorT<T>>(s.zm.data(), s.zm.size());
    dense_forward(P.W1, P.b1, s.z, s.a1);
    relu_forward(s.a1, s.r1);
    dense_forward(P.W2, P.b2, s.r1, s.logits);
    s.logits += s.wide;
    softmax_forward(s.logits, s.probs);
}

template <typename T>
void network_forward(const ConstGroups<T>& P, const ParamLayout& L, const Example& ex,
                     const std::vector<std::uint8_t>& keep, Pass<T>& s) {
    if (ex.occurrences.empty()) throw DataError("classifier: a sequence without tokens");
    embed_conv_forward(P.E, P.Wc, P.bc, P.Pp, P.Fe, static_cast<int>(L.width), ex, s.pre, s.h);
    s.scores.resize(static_cast<Eigen::Index>(ex.occurrences.size()));
    for (std::size_t i = 0; i < ex.occurrences.size(); ++i) {
        s.scores(static_cast<Eigen::Index>(i)) = static_cast<T>(ex.occurrences[i].score);
    }
    attention_forward(s.h, P.Q, P.K, P.gamma, s.scores, keep, s.alpha, s.g);
    s.wide.setZero(static_cast<Eigen::Index>(L.classes));
    sparse_linear_forward(P.Wg, ex.gkm_index, ex.gkm_value, s.wide);
    for (std::size_t c = 0; c < ex.offset.size(); ++c)
        s.wide(static_cast<Eigen::Index>(c)) += static_cast<T>(ex.offset[c]);
    head_forward(P, s);
}

// The mean class probabilities of the members whose weights start at `w` (layout L each),
// summing to 1 in double.
template <typename T>
std::vector<double> members_forward(const T* w, const ParamLayout& L, std::size_t members,
                                    const Example& ex) {
    Pass<T> s;
    std::vector<double> sum(L.classes, 0.0);
    for (std::size_t k = 0; k < members; ++k) {
        network_forward(ConstGroups<T>(w + k * L.total, L), L, ex, {}, s);
        for (std::size_t c = 0; c < L.classes; ++c)
            sum[c] += static_cast<double>(s.probs(static_cast<Eigen::Index>(c)));
    }
    double total = 0.0;  // = members up to rounding: a float32 softmax sums to 1 ± 1e-7
    for (const double p : sum) total += p;
    for (auto& p : sum) p /= total;
    return sum;
}

// Loss and gradient (added into `grad`) of one example under the weights `w` (one member).
template <typename T>
double example_gradient(const T* w, const ParamLayout& L, const Example& ex, int label,
                        double weight, T* grad, const std::vector<std::uint8_t>& keep) {
    const ConstGroups<T> P(w, L);
    MutGroups<T> G(grad, L);
    Pass<T> s;
    network_forward(P, L, ex, keep, s);
    VectorT<T> dlogits, dr1, da1, dz;
    const double loss = softmax_xent(s.probs, label, weight, dlogits);
    dense_backward(dlogits, P.W2, s.r1, dr1, G.W2, G.b2);
    relu_backward(dr1, s.a1, da1);
    dense_backward(da1, P.W1, s.z, dz, G.W1, G.b1);
    const Eigen::Map<const MatrixT<T>> dzm(dz.data(), static_cast<Eigen::Index>(L.dim),
                                           static_cast<Eigen::Index>(L.heads));
    G.Vm.noalias() += dzm * s.g.transpose();
    const MatrixT<T> dg = P.Vm.transpose() * dzm;  // d × H
    MatrixT<T> dh;
    attention_backward(dg, s.h, P.Q, P.K, s.scores, s.alpha, dh, G.Q, G.K, G.gamma);
    embed_conv_backward(dh, s.pre, static_cast<int>(L.width), ex, G.E, G.Wc, G.bc, G.Pp, G.Fe);
    sparse_linear_backward(dlogits, ex.gkm_index, ex.gkm_value, G.Wg);
    return loss;
}

double uniform_sym(Rng& rng, double scale) {
    return (2.0 * rng.uniform01() - 1.0) * scale;
}

}  // namespace

ParamLayout ParamLayout::make(const ClassifierOptions& o, std::size_t vocab_size,
                              std::size_t classes, std::size_t families) {
    ParamLayout L{};
    L.vocab_size = vocab_size;
    L.dim = static_cast<std::size_t>(o.dim);
    L.heads = static_cast<std::size_t>(o.heads);
    L.width = static_cast<std::size_t>(o.conv_width);
    L.hidden = static_cast<std::size_t>(o.hidden);
    L.classes = classes;
    L.bins = static_cast<std::size_t>(o.pos_bins);
    L.gkm_features = o.gkm_length > 0 ? GappedKmers(o.gkm_length, o.gkm_k).features() : 0;
    L.families = o.family_embedding ? families : 0;
    std::size_t at = 0;
    auto take = [&at](std::size_t n) {
        const std::size_t start = at;
        at += n;
        return start;
    };
    L.E = take(L.dim * vocab_size);
    L.Wc = take(L.dim * 4 * L.width);
    L.bc = take(L.dim);
    L.Q = take(L.dim * L.heads);
    L.K = take(L.dim * L.dim);
    L.gamma = take(L.heads);
    L.V = take(L.dim * L.dim);
    L.W1 = take(L.hidden * L.heads * L.dim);
    L.b1 = take(L.hidden);
    L.W2 = take(classes * L.hidden);
    L.b2 = take(classes);
    L.Pp = take(L.dim * L.bins);
    L.Wg = take(classes * L.gkm_features);
    L.Fe = take(L.dim * L.families);
    L.total = at;
    return L;
}

Classifier::Classifier(vocab::Vocabulary vocabulary, std::vector<std::string> classes,
                       ClassifierOptions options)
    : options_(std::move(options)),
      vocabulary_(std::move(vocabulary)),
      classes_(std::move(classes)) {
    options_.validate();
    if (classes_.size() < 2) {
        throw DataError("training needs at least two classes (got " +
                        std::to_string(classes_.size()) + ")");
    }
    if (vocabulary_.size() < 5)
        throw DataError("classifier: the vocabulary has fewer than 5 tokens");
    vocabulary_.validate();
    layout_ = ParamLayout::make(options_, vocabulary_.size(), classes_.size(),
                                vocabulary_.families.size());
    double top = 0.0;
    for (const auto& t : vocabulary_.tokens()) top = std::max(top, t.info_gain);
    token_scores_.resize(vocabulary_.size(), 0.0);
    for (std::size_t i = 0; i < vocabulary_.size(); ++i) {
        const vocab::Token& t = vocabulary_.tokens()[i];
        token_scores_[i] = t.motif_score ? *t.motif_score
                           : top > 0.0   ? std::max(0.0, t.info_gain) / top
                                         : 0.0;
    }
    tokenizer_ = std::make_unique<tokenize::Tokenizer>(vocabulary_);
    if (options_.gkm_length > 0) {
        gkm_ = std::make_unique<GappedKmers>(options_.gkm_length, options_.gkm_k);
    }

    params_.assign(layout_.total * members(), 0.0);
    for (std::size_t k = 0; k < members(); ++k) {
        initialize(params_.data() + k * layout_.total, options_.seed + k);
    }
}

// Uniform initialization with the variance of N(0, 1/fan_in); γ starts at 1 (or 0 when off),
// b1 and bc at 0.1 so that no ReLU starts dead.
void Classifier::initialize(double* w, std::uint64_t seed) const {
    Rng rng(seed);
    const ParamLayout& L = layout_;
    auto fill = [&](std::size_t at, std::size_t n, double fan_in) {
        const double scale = std::sqrt(3.0 / fan_in);
        for (std::size_t i = 0; i < n; ++i) w[at + i] = uniform_sym(rng, scale);
    };
    fill(L.E, L.Wc - L.E, 4.0 * static_cast<double>(L.dim));
    fill(L.Wc, L.bc - L.Wc, static_cast<double>(std::max<std::size_t>(L.width, 1)));
    fill(L.Q, L.K - L.Q, 1.0);
    fill(L.K, L.gamma - L.K, static_cast<double>(L.dim));
    for (std::size_t h = 0; h < L.heads; ++h) w[L.gamma + h] = options_.motif_bias ? 1.0 : 0.0;
    fill(L.V, L.W1 - L.V, static_cast<double>(L.dim));
    fill(L.W1, L.b1 - L.W1, static_cast<double>(L.heads * L.dim));
    for (std::size_t i = L.b1; i < L.W2; ++i) w[i] = 0.1;  // hidden units start alive
    if (L.width > 0) {
        for (std::size_t i = L.bc; i < L.Q; ++i) w[i] = 0.1;
    }
    fill(L.W2, L.b2 - L.W2, static_cast<double>(L.hidden));
    // Pp, Wg and Fe start at zero: the position, gapped k-mer and family terms are learned from
    // nothing
    // (and draw no numbers, so they leave the other groups' initial values as they were).
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

Example Classifier::featurize(std::string_view seq) const {
    Example ex;
    ex.bases.resize(seq.size());
    for (std::size_t i = 0; i < seq.size(); ++i) {
        ex.bases[i] = kmer::kNt4[static_cast<unsigned char>(seq[i])];
    }
    const auto spans = tokenizer_->lattice(seq);
    const bool longest = options_.lattice == Lattice::kLongest;
    ex.occurrences.reserve(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const auto& sp = spans[i];
        // The lattice is ordered by start, then length: the last span of a start is the longest.
        if (longest && i + 1 < spans.size() && spans[i + 1].start == sp.start) continue;
        Occurrence o;
        o.token = sp.id;
        o.start = static_cast<std::uint32_t>(sp.start);
        o.length = static_cast<std::uint32_t>(sp.end - sp.start);
        o.score = token_scores_[static_cast<std::size_t>(sp.id)];
        o.family = vocabulary_.tokens()[static_cast<std::size_t>(sp.id)].family;
        ex.occurrences.push_back(o);
    }
    if (gkm_) gkm_->features(ex.bases, ex.gkm_index, ex.gkm_value);
    return ex;
}

std::vector<float> Classifier::parameters32() const {
    return {params_.begin(), params_.end()};
}

std::vector<double> Classifier::forward(const Example& ex) const {
    return members_forward(params_.data(), layout_, members(), ex);
}

std::vector<double> Classifier::forward(const Example& ex,
                                        const std::vector<float>& params32) const {
    return members_forward(params32.data(), layout_, members(), ex);
}

double Classifier::loss_and_gradient(const Example& ex, int label, double weight,
                                     std::vector<double>& grad,
                                     const std::vector<std::uint8_t>& keep) const {
    return example_gradient(params_.data(), layout_, ex, label, weight, grad.data(), keep);
}

double Classifier::loss_and_gradient(const Example& ex, int label, double weight,
                                     const std::vector<float>& params32, std::vector<float>& grad,
                                     const std::vector<std::uint8_t>& keep) const {
    return example_gradient(params32.data(), layout_, ex, label, weight, grad.data(), keep);
}

std::vector<double> Classifier::predict(std::string_view seq) const {
    return predict_strands(
        [&](int strand) { return strand == 0 ? featurize(seq) : featurize(kmer::revcomp(seq)); });
}

std::vector<double> Classifier::predict(std::string_view seq,
                                        const std::vector<float>& params32) const {
    return predict_strands(
        [&](int strand) { return strand == 0 ? featurize(seq) : featurize(kmer::revcomp(seq)); },
        params32);
}

std::vector<std::vector<double>> Classifier::predict_all(const std::vector<io::Record>& records,
                                                         [[maybe_unused]] int threads) const {
    std::vector<std::vector<double>> out(records.size());
    const std::vector<float> w = parameters32();
    const auto n = static_cast<std::int64_t>(records.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
    for (std::int64_t i = 0; i < n; ++i) {
        out[static_cast<std::size_t>(i)] = predict(records[static_cast<std::size_t>(i)].seq, w);
    }
    return out;
}

Explanation Classifier::explain(std::string_view seq) const {
    Explanation out;
    out.probs = predict(seq);
    out.predicted =
        static_cast<int>(std::max_element(out.probs.begin(), out.probs.end()) - out.probs.begin());
    const Example ex = featurize(seq);
    const double K = static_cast<double>(members());
    out.tokens.resize(ex.occurrences.size());
    for (std::size_t i = 0; i < ex.occurrences.size(); ++i) {
        out.tokens[i].occurrence = ex.occurrences[i];
        out.tokens[i].attention.assign(layout_.heads, 0.0);
    }
    // Per member: masking occurrence i renormalizes each head's softmax over the others,
    // g_h' = (g_h − α_hi h_i) / (1 − α_hi). Exact, O(d·H) per occurrence. Attention and the
    // change of the predicted class's probability are averaged over the members.
    Pass<double> s, masked;
    for (std::size_t k = 0; k < members(); ++k) {
        const ConstGroups<double> P(params_.data() + k * layout_.total, layout_);
        network_forward(P, layout_, ex, {}, s);
        const double base = s.probs(out.predicted);
        masked.g.resize(s.g.rows(), s.g.cols());
        masked.wide = s.wide;  // masking a token occurrence leaves the gapped k-mers as they are
        for (std::size_t i = 0; i < ex.occurrences.size(); ++i) {
            const auto col = static_cast<Eigen::Index>(i);
            TokenAttribution& t = out.tokens[i];
            bool alone = false;
            for (Eigen::Index h = 0; h < s.alpha.rows(); ++h) {
                const double a = s.alpha(h, col);
                t.attention[static_cast<std::size_t>(h)] += a / K;
                if (1.0 - a < 1e-12) {
                    alone = true;
                    continue;
                }
                masked.g.col(h) = (s.g.col(h) - a * s.h.col(col)) / (1.0 - a);
            }
            if (alone) {
                t.delta = std::numeric_limits<double>::quiet_NaN();  // stays NaN
            } else {
                head_forward(P, masked);
                t.delta += (base - masked.probs(out.predicted)) / K;
            }
        }
    }
    return out;
}

std::vector<std::pair<std::int32_t, double>> Classifier::mask_token_losses(std::string_view seq,
                                                                           int label,
                                                                           double* loss) const {
    const int strands = options_.both_strands ? 2 : 1;
    const double passes = static_cast<double>(strands) * static_cast<double>(members());
    std::vector<Example> ex;
    for (int st = 0; st < strands; ++st)
        ex.push_back(featurize(st == 0 ? seq : kmer::revcomp(seq)));
    // Occurrences of each token per strand: (token, strand, occurrence index), sorted.
    std::vector<std::tuple<std::int32_t, int, std::size_t>> occ;
    for (int st = 0; st < strands; ++st) {
        const auto& o = ex[static_cast<std::size_t>(st)].occurrences;
        for (std::size_t i = 0; i < o.size(); ++i) occ.emplace_back(o[i].token, st, i);
    }
    std::sort(occ.begin(), occ.end());
    std::vector<std::int32_t> tokens;
    for (const auto& t : occ) {
        if (tokens.empty() || tokens.back() != std::get<0>(t)) tokens.push_back(std::get<0>(t));
    }
    Vector base = Vector::Zero(static_cast<Eigen::Index>(classes_.size()));
    std::vector<Vector> masked_sum(tokens.size(), base);
    std::vector<std::uint8_t> undefined(tokens.size(), 0);
    Pass<double> s, masked;
    for (int st = 0; st < strands; ++st) {
        const Example& e = ex[static_cast<std::size_t>(st)];
        for (std::size_t k = 0; k < members(); ++k) {
            const ConstGroups<double> P(params_.data() + k * layout_.total, layout_);
            network_forward(P, layout_, e, {}, s);
            base += s.probs;
            masked.wide = s.wide;  // masking tokens leaves the gapped k-mers as they are
            std::size_t at = 0;    // walks `occ` token by token
            for (std::size_t t = 0; t < tokens.size(); ++t) {
                std::vector<std::size_t> S;
                for (; at < occ.size() && std::get<0>(occ[at]) == tokens[t]; ++at) {
                    if (std::get<1>(occ[at]) == st) S.push_back(std::get<2>(occ[at]));
                }
                if (S.size() == e.occurrences.size()) {
                    undefined[t] = 1;
                    continue;
                }
                masked.g.resize(s.g.rows(), s.g.cols());
                for (Eigen::Index h = 0; h < s.alpha.rows(); ++h) {
                    double mass = 0.0;
                    for (const std::size_t i : S) mass += s.alpha(h, static_cast<Eigen::Index>(i));
                    if (mass <= 0.5) {  // subtract S: cancellation stays below 2 ulp-ish factors
                        Vector sub = s.g.col(h);
                        for (const std::size_t i : S) {
                            const auto c = static_cast<Eigen::Index>(i);
                            sub -= s.alpha(h, c) * s.h.col(c);
                        }
                        masked.g.col(h) = sub / (1.0 - mass);
                    } else {  // most of the mass is masked: sum the rest directly
                        Vector keep = Vector::Zero(s.g.rows());
                        double rest = 0.0;
                        std::size_t next = 0;
                        for (Eigen::Index c = 0; c < s.alpha.cols(); ++c) {
                            if (next < S.size() && S[next] == static_cast<std::size_t>(c)) {
                                ++next;
                                continue;
                            }
                            keep += s.alpha(h, c) * s.h.col(c);
                            rest += s.alpha(h, c);
                        }
                        masked.g.col(h) = keep / rest;
                    }
                }
                head_forward(P, masked);
                masked_sum[t] += masked.probs;
            }
        }
    }
    const auto y = static_cast<Eigen::Index>(label);
    const double unmasked = -std::log(base(y) / passes);
    if (loss != nullptr) *loss = unmasked;
    std::vector<std::pair<std::int32_t, double>> out(tokens.size());
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        out[t] = {tokens[t], undefined[t] ? 0.0 : -std::log(masked_sum[t](y) / passes) - unmasked};
    }
    return out;
}

void Classifier::check_vocabulary(const vocab::Vocabulary& other) const {
    std::size_t differ = vocabulary_.size();
    for (std::size_t i = 0; i < std::min(other.size(), vocabulary_.size()); ++i) {
        if (other.tokens()[i].token != vocabulary_.tokens()[i].token) {
            differ = i;
            break;
        }
    }
    if (other.size() != vocabulary_.size() || differ < vocabulary_.size()) {
        std::string where = differ < vocabulary_.size()
                                ? "; first difference at id " + std::to_string(differ) + " ('" +
                                      vocabulary_.tokens()[differ].token + "' vs '" +
                                      other.tokens()[differ].token + "')"
                                : "";
        throw DataError("the model was trained with another vocabulary (" +
                        std::to_string(vocabulary_.size()) + " tokens vs " +
                        std::to_string(other.size()) + where +
                        "); use the model trained with this vocabulary, or retrain");
    }
}

std::vector<std::int32_t> Classifier::map_labels(const io::Dataset& data) const {
    std::vector<std::int32_t> to_model(data.classes.size(), -1);
    for (std::size_t c = 0; c < data.classes.size(); ++c) {
        const auto it = std::find(classes_.begin(), classes_.end(), data.classes[c]);
        if (it == classes_.end()) {
            std::string known;
            for (const auto& k : classes_) known += (known.empty() ? "" : ", ") + k;
            throw DataError("class '" + data.classes[c] + "' is not one of the model's classes (" +
                            known + "); name the classes as in training");
        }
        to_model[c] = static_cast<std::int32_t>(it - classes_.begin());
    }
    std::vector<std::int32_t> out(data.labels.size());
    for (std::size_t i = 0; i < data.labels.size(); ++i) {
        out[i] = to_model[static_cast<std::size_t>(data.labels[i])];
    }
    return out;
}

}  // namespace motiftok::model
