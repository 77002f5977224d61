// Options validation and JSON, and the model.bin format:
//   "MTKMODEL" | u32 version (11) | str motiftok version | str options JSON | str classes JSON |
//   str vocab JSON | u64 n | n × f64 weights | str history JSON (version 4) |
//   str gkm_auto choices JSON (version 6) | str network choice JSON (version 7; "bins" from
//   version 8, "probe_epochs" from version 9, "probe_steps" and "judged_epochs" from 10) |
//   u32 CRC-32 of everything before it
// where str = u64 length + bytes; integers and doubles little-endian (io/binary.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "../io/binary.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/version.hpp"

namespace motiftok::model {

const char* lattice_name(Lattice lattice) {
    return lattice == Lattice::kLongest ? "longest" : "all";
}

Lattice parse_lattice(const std::string& name) {
    if (name == "all") return Lattice::kAll;
    if (name == "longest") return Lattice::kLongest;
    throw ConfigError("`lattice` must be 'all' or 'longest' (got '" + name + "')");
}

const char* gkm_stack_name(GkmStack stack) {
    switch (stack) {
        case GkmStack::kOff:
            return "off";
        case GkmStack::kOn:
            return "on";
        default:
            return "auto";
    }
}

GkmStack parse_gkm_stack(const std::string& name) {
    if (name == "auto") return GkmStack::kAuto;
    if (name == "off") return GkmStack::kOff;
    if (name == "on") return GkmStack::kOn;
    throw ConfigError("`gkm_stack` must be 'auto', 'off' or 'on' (got '" + name + "')");
}

std::vector<std::string> ClassifierOptions::problems() const {
    std::vector<std::string> out;
    auto need = [&out](bool ok, const std::string& msg) {
        if (!ok) out.push_back(msg);
    };
    need(dim >= 1 && dim <= 1024, "`dim` must be in 1..1024 (got " + std::to_string(dim) + ")");
    need(heads >= 1 && heads <= 64, "`heads` must be in 1..64 (got " + std::to_string(heads) + ")");
    need(conv_width >= 0 && conv_width <= 64,
         "`conv_width` must be in 0..64 (got " + std::to_string(conv_width) + ")");
    need(hidden >= 1 && hidden <= 4096,
         "`hidden` must be in 1..4096 (got " + std::to_string(hidden) + ")");
    need(epochs >= 1, "`epochs` must be at least 1");
    need(batch_size >= 1, "`batch_size` must be at least 1");
    need(learning_rate > 0.0 && std::isfinite(learning_rate), "`learning_rate` must be positive");
    need(weight_decay >= 0.0 && std::isfinite(weight_decay), "`weight_decay` must be >= 0");
    need(valid_frac >= 0.0 && valid_frac < 1.0, "`valid_frac` must be in [0, 1)");
    need(patience >= 1, "`patience` must be at least 1");
    need(token_dropout >= 0.0 && token_dropout <= 0.9, "`token_dropout` must be in [0, 0.9]");
    need(pos_bins >= 0 && pos_bins <= 1000,
         "`pos_bins` must be in 0..1000 (got " + std::to_string(pos_bins) + ")");
    need(gkm_auto || gkm_stack == GkmStack::kOff,
         std::string("`gkm_stack` '") + gkm_stack_name(gkm_stack) +
             "' stacks the network on the term fitted under `gkm` auto: use it with `gkm` auto");
    if (gkm_length != 0) {
        const bool l_ok = gkm_length >= 1 && gkm_length <= 16;
        const bool k_ok = gkm_k >= 1 && gkm_k <= std::min(gkm_length, 10);
        need(l_ok,
             "`gkm_length` must be 0 (off) or in 1..16 (got " + std::to_string(gkm_length) + ")");
        need(k_ok,
             "`gkm_k` must be in 1..min(`gkm_length`, 10) (got " + std::to_string(gkm_k) + ")");
        need(!l_ok || !k_ok ||
                 GappedKmers::feature_count(gkm_length, gkm_k) <=
                     static_cast<double>(GappedKmers::kMaxFeatures),
             "`gkm_length` " + std::to_string(gkm_length) + " `gkm_k` " + std::to_string(gkm_k) +
                 " gives C(l, k) · 4^k > " + std::to_string(GappedKmers::kMaxFeatures) +
                 " features; use a smaller `gkm_length` or `gkm_k`");
    }
    need(ensemble >= 1 && ensemble <= 100,
         "`ensemble` must be in 1..100 (got " + std::to_string(ensemble) + ")");
    need(threads >= 1, "`threads` must be at least 1 (got " + std::to_string(threads) + ")");
    return out;
}

std::string ClassifierOptions::to_json() const {
    nlohmann::json j = {{"dim", dim},
                        {"heads", heads},
                        {"conv_width", conv_width},
                        {"conv_auto", conv_auto},
                        {"hidden", hidden},
                        {"epochs", epochs},
                        {"batch_size", batch_size},
                        {"learning_rate", learning_rate},
                        {"weight_decay", weight_decay},
                        {"valid_frac", valid_frac},
                        {"patience", patience},
                        {"seed", seed},
                        {"both_strands", both_strands},
                        {"motif_bias", motif_bias},
                        {"lattice", lattice_name(lattice)},
                        {"ensemble", ensemble},
                        {"token_dropout", token_dropout},
                        {"pos_bins", pos_bins},
                        {"pos_auto", pos_auto},
                        {"gkm_length", gkm_length},
                        {"gkm_k", gkm_k},
                        {"gkm_auto", gkm_auto},
                        {"gkm_stack", gkm_stack_name(gkm_stack)},
                        {"family_embedding", family_embedding}};
    return j.dump();
}

ClassifierOptions ClassifierOptions::from_json(std::string_view text, const std::string& source) {
    try {
        const auto j = nlohmann::json::parse(text);
        ClassifierOptions o;
        o.dim = j.at("dim").get<int>();
        o.heads = j.at("heads").get<int>();
        o.conv_width = j.at("conv_width").get<int>();
        o.hidden = j.at("hidden").get<int>();
        o.epochs = j.at("epochs").get<int>();
        o.batch_size = j.at("batch_size").get<int>();
        o.learning_rate = j.at("learning_rate").get<double>();
        o.weight_decay = j.at("weight_decay").get<double>();
        o.valid_frac = j.at("valid_frac").get<double>();
        o.patience = j.at("patience").get<int>();
        o.seed = j.at("seed").get<std::uint64_t>();
        o.both_strands = j.at("both_strands").get<bool>();
        o.motif_bias = j.at("motif_bias").get<bool>();
        o.lattice = parse_lattice(j.at("lattice").get<std::string>());
        o.ensemble = j.value("ensemble", 1);  // version 1 files hold one model
        o.token_dropout = j.value("token_dropout", 0.0);
        o.pos_bins = j.value("pos_bins", 0);
        o.gkm_length = j.value("gkm_length", 0);  // versions 1 and 2 have no gapped k-mer term
        o.gkm_k = j.value("gkm_k", o.gkm_k);
        o.gkm_auto = j.value("gkm_auto", false);  // versions 1-5: the term was as given
        // versions 1-10: the network was trained alone
        o.gkm_stack = parse_gkm_stack(j.value("gkm_stack", std::string("off")));
        o.conv_auto = j.value("conv_auto", false);  // versions 1-6: the width was as given
        o.pos_auto = j.value("pos_auto", false);    // versions 1-7: the bins were as given
        o.family_embedding = j.value("family_embedding", false);  // versions 1-4: none
        return o;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": bad classifier options in the model (" + e.what() +
                         "); the file is damaged: retrain the model");
    } catch (const ConfigError& e) {
        throw InputError(source + ": bad classifier options in the model (" + e.what() +
                         "); the file is damaged: retrain the model");
    }
}

std::uint32_t crc32(std::string_view bytes) {
    return io::binary::crc32(bytes);
}

namespace {

// Strings in a model file: an 8-byte length, then the bytes.
constexpr int kLengthBytes = 8;

// The reader of a model file (after its magic): running out of bytes names the position.
io::binary::Reader model_reader(std::string_view bytes, const std::string& source) {
    return io::binary::Reader(bytes, [source](std::size_t at, const std::string&) {
        throw InputError(source + ": model file is truncated at byte " + std::to_string(at) +
                         "; re-copy or retrain the model");
    });
}

// The training history as a JSON array, one object per epoch; NaN (no validation split) is null.
std::string history_to_json(const std::vector<EpochReport>& history) {
    auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : history) {
        j.push_back({{"member", r.member},
                     {"members", r.members},
                     {"epoch", r.epoch},
                     {"train_loss", num(r.train_loss)},
                     {"valid_loss", num(r.valid_loss)},
                     {"valid_auroc", num(r.valid_auroc)},
                     {"best", r.best}});
    }
    return j.dump();
}

std::vector<EpochReport> history_from_json(std::string_view text, const std::string& source) {
    auto num = [](const nlohmann::json& x) {
        return x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>();
    };
    try {
        std::vector<EpochReport> history;
        for (const auto& e : nlohmann::json::parse(text)) {
            EpochReport r;
            r.member = e.at("member").get<int>();
            r.members = e.at("members").get<int>();
            r.epoch = e.at("epoch").get<int>();
            r.train_loss = num(e.at("train_loss"));
            r.valid_loss = num(e.at("valid_loss"));
            r.valid_auroc = num(e.at("valid_auroc"));
            r.best = e.at("best").get<bool>();
            history.push_back(r);
        }
        return history;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": bad training history in the model (" + e.what() +
                         "); the file is damaged: retrain the model");
    }
}

// Validation losses as a JSON array, NaN as null, and back.
nlohmann::json losses_to_json(const std::vector<double>& losses) {
    nlohmann::json j = nlohmann::json::array();
    for (double x : losses) j.push_back(std::isfinite(x) ? nlohmann::json(x) : nlohmann::json());
    return j;
}

std::vector<double> losses_from_json(const nlohmann::json& j) {
    std::vector<double> out;
    for (const auto& x : j)
        out.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
    return out;
}

// What --gkm auto chose, a JSON array with one object per member (NaN losses are null).
std::string choices_to_json(const std::vector<GkmChoice>& choices) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : choices) {
        j.push_back({{"member", c.member},
                     {"length", c.length},
                     {"informative", c.informative},
                     {"train_sequences", c.train_sequences},
                     {"valid_sequences", c.valid_sequences},
                     {"epochs", c.epochs},
                     {"scales", c.scales},
                     {"valid_losses", losses_to_json(c.valid_losses)},
                     {"scale", c.scale},
                     {"stacked", c.stacked},
                     {"stack_losses", losses_to_json(c.stack_losses)}});
    }
    return j.dump();
}

std::vector<GkmChoice> choices_from_json(std::string_view text, const std::string& source) {
    try {
        std::vector<GkmChoice> out;
        for (const auto& e : nlohmann::json::parse(text)) {
            GkmChoice c;
            c.member = e.at("member").get<int>();
            c.length = e.at("length").get<int>();
            c.informative = e.at("informative").get<int>();
            c.train_sequences = e.at("train_sequences").get<std::uint64_t>();
            c.valid_sequences = e.at("valid_sequences").get<std::uint64_t>();
            c.epochs = e.at("epochs").get<int>();
            c.scales = e.at("scales").get<std::vector<double>>();
            c.valid_losses = losses_from_json(e.at("valid_losses"));
            c.scale = e.at("scale").get<double>();
            c.stacked = e.value("stacked", false);  // before version 11: never
            if (e.contains("stack_losses")) c.stack_losses = losses_from_json(e.at("stack_losses"));
            out.push_back(std::move(c));
        }
        return out;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": bad gkm_auto record in the model (" + e.what() +
                         "); the file is damaged: retrain the model");
    }
}

// What --conv-width / --pos-bins auto chose: a JSON array with at most one object (NaN losses
// are null).
std::string network_choice_to_json(const std::vector<NetworkChoice>& choices) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : choices) {
        j.push_back({{"widths", c.widths},
                     {"bins", c.bins},
                     {"epochs", c.epochs},
                     {"valid_losses", losses_to_json(c.valid_losses)},
                     {"width", c.width},
                     {"pos_bins", c.pos_bins},
                     {"probe_epochs", c.probe_epochs},
                     {"probe_steps", c.probe_steps},
                     {"judged_epochs", c.judged_epochs}});
    }
    return j.dump();
}

// `pos_bins`: the model's, the bins of every candidate in a version 7 record (which has none).
std::vector<NetworkChoice> network_choice_from_json(std::string_view text, int pos_bins,
                                                    const std::string& source) {
    try {
        std::vector<NetworkChoice> out;
        for (const auto& e : nlohmann::json::parse(text)) {
            NetworkChoice c;
            c.widths = e.at("widths").get<std::vector<int>>();
            c.epochs = e.at("epochs").get<std::vector<int>>();
            c.valid_losses = losses_from_json(e.at("valid_losses"));
            c.width = e.at("width").get<int>();
            c.bins = e.contains("bins") ? e.at("bins").get<std::vector<int>>()
                                        : std::vector<int>(c.widths.size(), pos_bins);
            c.pos_bins = e.value("pos_bins", pos_bins);
            c.probe_epochs = e.value("probe_epochs", 0);               // versions 7 and 8: no race
            c.probe_steps = e.value("probe_steps", std::uint64_t{0});  // before version 10: none
            if (e.contains("judged_epochs")) {
                c.judged_epochs = e.at("judged_epochs").get<std::vector<double>>();
            } else {  // before version 10: the probe's epochs, or each candidate's to its end
                for (const int epochs : c.epochs)
                    c.judged_epochs.push_back(c.probe_epochs > 0 ? std::min(c.probe_epochs, epochs)
                                                                 : epochs);
            }
            if (c.epochs.size() != c.widths.size() || c.valid_losses.size() != c.widths.size() ||
                c.bins.size() != c.widths.size() || c.judged_epochs.size() != c.widths.size())
                throw InputError(source +
                                 ": bad network choice record in the model (candidate lists "
                                 "differ in length); the file is damaged: retrain the model");
            out.push_back(std::move(c));
        }
        return out;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": bad network choice record in the model (" + e.what() +
                         "); the file is damaged: retrain the model");
    }
}

}  // namespace

std::string Classifier::to_bytes() const {
    io::binary::Writer w;
    w.raw(kModelMagic);
    w.fixed(kModelVersion, 4);
    w.str(kVersion, kLengthBytes);
    w.str(options_.to_json(), kLengthBytes);
    w.str(nlohmann::json(classes_).dump(), kLengthBytes);
    w.str(vocabulary_.to_json(), kLengthBytes);
    w.fixed(params_.size(), 8);
    for (double x : params_) w.f64(x);
    w.str(history_to_json(history_), kLengthBytes);
    w.str(choices_to_json(gkm_choices_), kLengthBytes);
    w.str(network_choice_to_json(network_choice_), kLengthBytes);
    w.crc();
    return std::move(w.bytes());
}

Classifier Classifier::from_bytes(std::string_view bytes, const std::string& source) {
    const std::size_t magic_len = std::strlen(kModelMagic);
    if (bytes.size() < magic_len || bytes.substr(0, magic_len) != kModelMagic) {
        throw InputError(source +
                         ": not a motiftok model file (bad magic); give a model.bin "
                         "written by 'motiftok train'");
    }
    io::binary::Reader r = model_reader(bytes.substr(magic_len), source);
    const auto version = r.fixed(4);
    if (version < 1 || version > kModelVersion) {
        throw InputError(source + ": model format version " + std::to_string(version) +
                         " is not supported (this motiftok reads versions 1 to " +
                         std::to_string(kModelVersion) +
                         "); retrain the model with this motiftok, or upgrade motiftok");
    }
    if (bytes.size() < magic_len + 8) {
        throw InputError(source + ": model file is truncated; re-copy or retrain the model");
    }
    const auto stored = model_reader(bytes.substr(bytes.size() - 4), source).fixed(4);
    if (crc32(bytes.substr(0, bytes.size() - 4)) != stored) {
        throw InputError(source +
                         ": model file is corrupt or truncated (CRC-32 mismatch); "
                         "re-copy or retrain the model");
    }
    const auto writer_version = std::string(r.str(kLengthBytes));
    (void)writer_version;
    auto options = ClassifierOptions::from_json(r.str(kLengthBytes), source);
    if (version == 1 && options.ensemble != 1) {
        throw InputError(source +
                         ": a version 1 model cannot hold an ensemble; the file is "
                         "damaged: retrain the model");
    }
    if (version < 3 && options.gkm_length != 0) {
        throw InputError(source + ": a version " + std::to_string(version) +
                         " model cannot hold a gapped k-mer term; the file is damaged: "
                         "retrain the model");
    }
    std::vector<std::string> classes;
    try {
        classes = nlohmann::json::parse(r.str(kLengthBytes)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": bad class list in the model (" + e.what() + "); retrain");
    }
    auto vocabulary =
        vocab::Vocabulary::from_json(r.str(kLengthBytes), source + " (embedded vocabulary)");
    if (version < 5 && options.family_embedding && !vocabulary.families.empty()) {
        throw InputError(source + ": a version " + std::to_string(version) +
                         " model cannot hold a family embedding; the file is damaged: "
                         "retrain the model");
    }
    Classifier model(std::move(vocabulary), std::move(classes), std::move(options));
    const auto n = r.fixed(8);
    if (n != model.params_.size()) {
        throw InputError(source + ": the model holds " + std::to_string(n) +
                         " weights but its "
                         "options need " +
                         std::to_string(model.params_.size()) + "; retrain");
    }
    for (auto& w : model.params_) w = r.f64();
    if (version >= 4) model.history_ = history_from_json(r.str(kLengthBytes), source);
    if (version >= 6) model.gkm_choices_ = choices_from_json(r.str(kLengthBytes), source);
    if (version >= 7)
        model.network_choice_ =
            network_choice_from_json(r.str(kLengthBytes), model.options_.pos_bins, source);
    if (r.at() + magic_len + 4 != bytes.size()) {
        throw InputError(source + ": unexpected bytes after the weights; retrain the model");
    }
    return model;
}

void Classifier::save(const std::string& path) const {
    io::write_file_atomic(path, to_bytes(), true);
}

Classifier Classifier::load(const std::string& path) {
    return from_bytes(io::read_file(path, "model file"), path);
}

}  // namespace motiftok::model
