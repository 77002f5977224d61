// The report page: one section per input, each drawn by the functions of svg.hpp.
#include "motiftok/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "motiftok/error.hpp"
#include "motiftok/report/html.hpp"
#include "motiftok/version.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::report {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                    "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

std::string color(std::size_t i) {
    return kPalette[i % (sizeof kPalette / sizeof kPalette[0])];
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;
color:#222;background:#fff;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;
margin-top:28px}nav a{margin-right:12px}.sources{font-size:13px;color:#555}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;
padding:8px;font-size:13px;background:#fafafa}.card .token{font-family:ui-monospace,Menlo,
Consolas,monospace;font-weight:600}.muted{color:#777}.plots{display:flex;flex-wrap:wrap;gap:16px}
svg text{font-family:inherit}svg .caption,svg .tick,svg .legend{font-size:11px;fill:#333}
svg .label{font-size:12px;fill:#222}svg .title{font-size:13px;font-weight:600;fill:#222}
svg .frame{fill:none;stroke:#999}svg .axis{stroke:#999}svg .diagonal{stroke:#aaa;
stroke-dasharray:3 3}svg .series{stroke-width:2}svg .legend-key{stroke-width:2}
.track .attention rect{fill:#4c72b0}.track .delta rect.up{fill:#55a868}.track .delta rect.down{
fill:#c44e52}.track .highlight line{stroke:#333;stroke-width:2}.track .base{font-family:
ui-monospace,Menlo,Consolas,monospace;font-size:10px}.base-A{fill:#109648}.base-C{fill:#255c99}
.base-G{fill:#c98a00}.base-T{fill:#d62839}.table{border-collapse:collapse;font-size:13px}
.table th,.table td{border:1px solid #ddd;padding:3px 8px}.table th{background:#f0f0f0}
.table .num{text-align:right;font-variant-numeric:tabular-nums}
)";

std::string section(const std::string& id, const std::string& title, const std::string& body) {
    return "<section id=\"" + id + "\"><h2>" + escape_html(title) + "</h2>\n" + body +
           "\n</section>\n";
}

// The matrix of a motif as the annotation aligned it: reverse-complemented for strand '-'.
const Pwm* find_motif(const ReportData& data, const MotifMatch& m, Pwm& storage) {
    if (!data.motifs) return nullptr;
    for (const auto& motif : data.motifs->motifs) {
        if (motif.id == m.motif_id) {
            storage = Pwm(motif.probs.begin(), motif.probs.end());
            if (m.strand == '-') storage = reverse_complement(storage);
            return &storage;
        }
    }
    return nullptr;
}

std::string match_text(const MotifMatch& m) {
    return "best known motif: " + escape_html(m.motif_name.empty() ? m.motif_id : m.motif_name) +
           " <span class=\"muted\">(" + escape_html(m.motif_id) + ", strand " + m.strand +
           ", p<sub>adj</sub> " + format_number(m.p_adjusted, 3) + ")</span>";
}

std::string motif_label(const MotifMatch& m) {
    return m.motif_id + (m.motif_name.empty() ? "" : " " + m.motif_name) + " (" + m.strand + ")";
}

std::string token_card(const ReportData& data, const LogoToken& t) {
    std::ostringstream out;
    out << "<div class=\"card logo-card\" data-token=\"" << escape_html(t.token) << "\">";
    out << "<div><span class=\"token\">" << escape_html(t.token) << "</span> <span class=\"muted\">"
        << "id " << t.id << ", IG " << format_number(t.info_gain, 3) << " bits, score "
        << format_number(t.score, 3) << "</span></div>";
    const auto it = data.matches.find(t.id);
    Pwm storage;
    const Pwm* motif = it == data.matches.end() ? nullptr : find_motif(data, it->second, storage);
    if (motif != nullptr) {
        out << svg_logo_pair(*motif, motif_label(it->second), token_pwm(t.token), t.token,
                             it->second.offset);
    } else {
        out << svg_logo(token_pwm(t.token), t.token);
    }
    if (it != data.matches.end()) out << "<div>" << match_text(it->second) << "</div>";
    out << "</div>";
    return out.str();
}

std::string family_card(const ReportData& data, const Family& f) {
    const auto& seed = data.vocab->tokens[static_cast<std::size_t>(f.seed)];
    std::ostringstream out;
    out << "<div class=\"card logo-card family\" data-family=\"" << f.id << "\">";
    out << "<div><b>" << escape_html(f.name) << "</b> <span class=\"muted\">" << f.members
        << " members, seed <span class=\"token\">" << escape_html(seed.token) << "</span>, IG "
        << format_number(seed.info_gain, 3) << " bits</span></div>";
    out << svg_logo(f.pwm, f.name);
    const auto it = data.matches.find(f.seed);
    if (it != data.matches.end()) {
        Pwm storage;
        if (const Pwm* motif = find_motif(data, it->second, storage)) {
            out << svg_logo(*motif, motif_label(it->second));
        }
        out << "<div>" << match_text(it->second)
            << " <span class=\"muted\">(of the seed)</span></div>";
    }
    out << "</div>";
    return out.str();
}

std::string logos_section(const ReportData& data, const ReportOptions& options) {
    std::ostringstream body;
    const VocabSummary& v = *data.vocab;
    std::size_t cards = 0;
    if (!v.families.empty()) {
        std::vector<const Family*> families;
        for (const auto& f : v.families) families.push_back(&f);
        std::stable_sort(families.begin(), families.end(), [&](const Family* a, const Family* b) {
            return v.tokens[static_cast<std::size_t>(a->seed)].info_gain >
                   v.tokens[static_cast<std::size_t>(b->seed)].info_gain;
        });
        families.resize(std::min(families.size(), options.top));
        body << "<p>Motif families by their seed token's information gain; letter heights are "
                "information content (bits).</p><div class=\"cards\">";
        for (const Family* f : families) body << family_card(data, *f);
        cards = families.size();
        body << "</div>";
    }
    if (cards < options.top) {  // then the top tokens outside any family
        body << "<p>" << (cards > 0 ? "Other top tokens" : "Top tokens") << " of at least "
             << options.min_length
             << " bases by information gain; letter heights are information content (bits)";
        if (!data.matches.empty()) body << ", each under its best known motif, aligned";
        body << ".</p><div class=\"cards\">";
        for (const auto id : top_tokens(v, v.tokens.size(), options.min_length)) {
            const LogoToken& t = v.tokens[static_cast<std::size_t>(id)];
            if (t.in_family) continue;
            if (cards++ == options.top) break;
            body << token_card(data, t);
        }
        body << "</div>";
    }
    return section("logos", "Sequence logos", body.str());
}

// One-vs-rest curves: class 1 for two classes (as predict's metrics), every class otherwise.
std::string curves_section(const ReportData& data) {
    const auto& p = data.predictions;
    Plot roc{"roc-curve", "ROC", "false positive rate", "true positive rate", 0, 1, 0, 1,
             true,        {},    Legend::bottom_right};
    Plot pr{"pr-curve", "Precision–recall", "recall", "precision", 0, 1, 0, 1, false,
            {},         Legend::bottom_left};
    const std::size_t first = p.classes.size() == 2 ? 1 : 0;
    for (std::size_t k = first; k < p.classes.size(); ++k) {
        std::vector<double> score(p.probs.size());
        std::vector<std::uint8_t> pos(p.probs.size());
        for (std::size_t i = 0; i < score.size(); ++i) {
            score[i] = p.probs[i][k];
            pos[i] = static_cast<std::size_t>(data.labels[i]) == k;
        }
        const auto r = roc_points(score, pos);
        const auto q = pr_points(score, pos);
        if (r.empty()) continue;
        roc.series.push_back({p.classes[k] + " (AUROC " + format_number(trapezoid_area(r), 3) + ")",
                              r, color(k), false});
        pr.series.push_back({p.classes[k] + " (AUPRC " + format_number(step_area(q), 3) + ")",
                             pr_steps(q), color(k), false});
    }
    std::string note = "<p>" + std::to_string(p.ids.size()) + " labeled predictions" +
                       (p.classes.size() > 2 ? ", one class against the rest" : "") + ".</p>";
    return note + "<div class=\"plots\">" + svg_curve(roc) + svg_curve(pr) + "</div>";
}

std::string training_section(const ReportData& data) {
    Plot loss{
        "loss-curve", "Loss per epoch", "epoch", "cross-entropy (nats)", 1, 2, 0, 0.1, false, {}};
    Plot auroc{
        "auroc-curve", "Validation AUROC per epoch", "epoch", "AUROC", 1, 2, 0.5, 1, false, {}};
    int members = 1;
    double min_auroc = 1.0;
    for (const auto& r : data.history) {
        members = std::max(members, r.members);
        loss.x_max = auroc.x_max = std::max(loss.x_max, static_cast<double>(r.epoch));
        for (double x : {r.train_loss, r.valid_loss}) {
            if (std::isfinite(x)) loss.y_max = std::max(loss.y_max, x * 1.05);
        }
        if (std::isfinite(r.valid_auroc)) min_auroc = std::min(min_auroc, r.valid_auroc);
    }
    auroc.y_min = std::max(0.0, std::floor((min_auroc - 0.02) * 20.0) / 20.0);
    if (auroc.y_min >= 1.0) auroc.y_min = 0.5;
    bool any_valid = false;
    for (int m = 1; m <= members; ++m) {
        std::vector<CurvePoint> train, valid, roc;
        for (const auto& r : data.history) {
            if (r.member != m) continue;
            train.push_back({static_cast<double>(r.epoch), r.train_loss});
            if (std::isfinite(r.valid_loss))
                valid.push_back({static_cast<double>(r.epoch), r.valid_loss});
            if (std::isfinite(r.valid_auroc))
                roc.push_back({static_cast<double>(r.epoch), r.valid_auroc});
        }
        const std::string who = members > 1 ? "model " + std::to_string(m) + ": " : "";
        loss.series.push_back(
            {who + "train", train, color(static_cast<std::size_t>(m - 1)), false});
        if (!valid.empty()) {
            loss.series.push_back(
                {who + "validation", valid, color(static_cast<std::size_t>(m - 1)), true});
            auroc.series.push_back(
                {who + "validation", roc, color(static_cast<std::size_t>(m - 1)), false});
            any_valid = true;
        }
    }
    std::string body =
        "<p>As recorded in model.bin: " + std::to_string(data.history.size()) + " epochs" +
        (members > 1 ? " over " + std::to_string(members) + " models" : "") +
        "; the weights kept are those of the epoch with the lowest validation loss.</p>";
    body +=
        "<div class=\"plots\">" + svg_curve(loss) + (any_valid ? svg_curve(auroc) : "") + "</div>";
    return section("training", "Training curves", body);
}

// Rows (axis, metric) by first appearance, a column per vocabulary.
std::string evaluate_section(const ReportData& data) {
    Table t;
    t.id = "evaluate-table";
    t.header = {"axis", "metric"};
    std::vector<std::pair<std::string, std::string>> keys;
    std::vector<std::string> vocabularies;
    for (const auto& r : data.evaluate) {
        if (std::find(vocabularies.begin(), vocabularies.end(), r.vocabulary) == vocabularies.end())
            vocabularies.push_back(r.vocabulary);
        const std::pair<std::string, std::string> key{r.axis, r.metric};
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    t.header.insert(t.header.end(), vocabularies.begin(), vocabularies.end());
    t.numeric.assign(t.header.size(), true);
    t.numeric[0] = t.numeric[1] = false;
    for (const auto& key : keys) {
        std::vector<std::string> row{key.first, key.second};
        row.resize(t.header.size());
        for (const auto& r : data.evaluate) {
            if (r.axis != key.first || r.metric != key.second) continue;
            const auto col = std::find(vocabularies.begin(), vocabularies.end(), r.vocabulary) -
                             vocabularies.begin();
            row[2 + static_cast<std::size_t>(col)] = r.value;
        }
        t.rows.push_back(row);
    }
    return section("evaluate", "Tokenizer evaluation", html_table(t));
}

std::string tracks_section(const ReportData& data, const ReportOptions& options) {
    std::string body =
        "<p>Per base: the attention of the tokens covering it (mean over heads, spread over each "
        "token's bases), and the change in the predicted class's probability when a token is "
        "masked (green: the token supports the prediction). Underlined: the three tokens whose "
        "masking changes it most.</p>";
    for (const auto i : pick_tracks(data.explained, options.tracks)) {
        body += "<div class=\"track-box\">" + svg_track(explanation_track(data.explained[i])) +
                "</div>";
    }
    return section("tracks", "Attention and ablation tracks", body);
}

}  // namespace

std::string render_report(const ReportData& data, const ReportOptions& options) {
    if (!data.labels.empty() && data.labels.size() != data.predictions.probs.size()) {
        throw DataError("report: " + std::to_string(data.labels.size()) + " labels for " +
                        std::to_string(data.predictions.probs.size()) + " predictions");
    }
    std::vector<std::pair<std::string, std::string>> sections;  // (id, html)
    if (data.vocab) sections.emplace_back("logos", logos_section(data, options));
    if (!data.labels.empty() || !data.metrics.empty()) {
        std::string body;
        if (!data.labels.empty()) body += curves_section(data);
        if (!data.metrics.empty()) {
            Table t{"metrics-table", {"metric", "value"}, {}, {false, true}};
            for (const auto& [k, v] : data.metrics) t.rows.push_back({k, v});
            body += html_table(t);
        }
        sections.emplace_back("curves", section("curves", "Classifier performance", body));
    }
    if (!data.history.empty()) sections.emplace_back("training", training_section(data));
    if (!data.evaluate.empty()) sections.emplace_back("evaluate", evaluate_section(data));
    if (!data.explained.empty() && options.tracks > 0) {
        sections.emplace_back("tracks", tracks_section(data, options));
    }
    if (sections.empty()) {
        throw DataError(
            "the report has nothing to show: the inputs hold no tokens, predictions, "
            "metrics, training history, evaluation or explanations");
    }
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'; img-src data:\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        << escape_html(options.title) << "</title>\n<style>" << kStyle
        << "</style></head>\n<body>\n"
        << "<h1>" << escape_html(options.title) << "</h1>\n<div class=\"sources\">";
    for (const auto& [what, path] : data.sources) {
        out << "<div>" << escape_html(what) << ": <code>" << escape_html(path) << "</code></div>";
    }
    out << "</div>\n<nav>";
    for (const auto& s : sections) out << "<a href=\"#" << s.first << "\">" << s.first << "</a>";
    out << "</nav>\n";
    for (const auto& s : sections) out << s.second;
    out << "<footer class=\"sources\">motiftok " << kVersion << "</footer>\n</body></html>\n";
    return out.str();
}

}  // namespace motiftok::report
