// motiftok predict: class probabilities from model.bin as TSV; metrics with labels; --explain.

#include <cmath>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/model/metrics.hpp"

namespace motiftok::cli {

namespace {

struct PredictCommand {
    CommonOptions common;
    InputOptions input;
    std::string model;
    std::string vocab;
    std::string metrics;
    std::string explain;
};

nlohmann::json number(double x) {
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json();
}

std::string explain_line(const model::Classifier& m, const io::Record& r) {
    const auto e = m.explain(r.seq);
    nlohmann::json j;
    j["id"] = r.id;
    j["predicted"] = m.classes()[static_cast<std::size_t>(e.predicted)];
    for (std::size_t c = 0; c < e.probs.size(); ++c) j["p"][m.classes()[c]] = e.probs[c];
    j["tokens"] = nlohmann::json::array();
    for (const auto& t : e.tokens) {
        const auto& o = t.occurrence;
        nlohmann::json tok = {
            {"start", o.start},
            {"end", o.start + o.length},
            {"token", m.vocabulary().tokens[static_cast<std::size_t>(o.token)].token},
            {"score", o.score},
            {"attention", t.attention},
            {"delta", number(t.delta)}};
        if (o.family >= 0) {  // the motif family of the token, by name (vocab.json)
            tok["family"] = m.vocabulary().families[static_cast<std::size_t>(o.family)].name;
        }
        j["tokens"].push_back(std::move(tok));
    }
    return j.dump() + "\n";
}

void write_explanations(const model::Classifier& m, const io::Dataset& data,
                        const std::string& path) {
    std::vector<std::string> lines(data.records.size());
    const auto n = static_cast<std::int64_t>(lines.size());
#pragma omp parallel for schedule(dynamic, 4)
    for (std::int64_t i = 0; i < n; ++i) {
        lines[static_cast<std::size_t>(i)] =
            explain_line(m, data.records[static_cast<std::size_t>(i)]);
    }
    io::OutputFile out(path);
    for (const auto& line : lines) out.stream() << line;
    out.commit();
}

void run_predict(PredictCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input, {cmd.model, cmd.vocab}),
                                 {cmd.common.output, cmd.metrics, cmd.explain});
    set_threads(cmd.common.threads);
    const bool quiet = cmd.common.quiet;
    const auto m = model::Classifier::load(cmd.model);
    if (!cmd.vocab.empty()) m.check_vocabulary(vocab::Vocabulary::load(cmd.vocab));
    const io::Dataset data = load_inputs(cmd.input, quiet);
    if (!cmd.metrics.empty() && !data.labeled()) {
        throw ConfigError("--metrics needs labels: give --class NAME=FILE or --labels");
    }
    const auto labels = data.labeled() ? m.map_labels(data) : std::vector<std::int32_t>{};
    const auto probs = m.predict_all(data.records);

    io::OutputFile out(cmd.common.output);
    auto& os = out.stream();
    os << "id\tpredicted";
    for (const auto& c : m.classes()) os << "\tp_" << c;
    os << '\n' << std::setprecision(6);
    for (std::size_t i = 0; i < probs.size(); ++i) {
        const auto& p = probs[i];
        const auto best =
            static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
        os << data.records[i].id << '\t' << m.classes()[best];
        for (double x : p) os << '\t' << x;
        os << '\n';
    }
    out.commit();
    if (!cmd.explain.empty()) write_explanations(m, data, cmd.explain);
    if (data.labeled()) {
        const auto metrics = model::evaluate(probs, labels, m.classes().size());
        std::ostringstream line;
        line << std::setprecision(4) << "n " << metrics.n << ": accuracy " << metrics.accuracy
             << ", AUROC " << metrics.auroc << ", AUPRC " << metrics.auprc << ", MCC "
             << metrics.mcc << ", macro-F1 " << metrics.macro_f1
             << (m.classes().size() > 2 ? " (one-vs-rest)" : "");
        info(quiet, line.str());
        if (!cmd.metrics.empty()) {
            io::write_file_atomic(cmd.metrics, model::metrics_json(metrics, m.classes()));
        }
    }
}

}  // namespace

void setup_predict(CLI::App& app) {
    auto cmd = std::make_shared<PredictCommand>();
    CLI::App* sub = app.add_subcommand(
        "predict",
        "Class probabilities of sequences from model.bin (TSV: id, predicted, p_<class>...); "
        "metrics when labels are given");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, false);
    sub->add_option("--model", cmd->model, "model.bin from 'motiftok train'")->required();
    sub->add_option("--vocab", cmd->vocab,
                    "Check that the model was trained with this vocab.json (error if not)");
    sub->add_option("--metrics", cmd->metrics,
                    "Write accuracy, AUROC, AUPRC, MCC, macro-F1 as JSON here (needs labels)");
    sub->add_option("--explain", cmd->explain,
                    "Write per-sequence token attention and mask-ablation deltas here (JSONL)");
    sub->callback([cmd] { run_predict(*cmd); });
}

}  // namespace motiftok::cli
