// Data and progress arguments of learn() and train() (options.hpp).

#include <unordered_map>

#include "convert.hpp"
#include "options.hpp"

namespace motiftok::python {

const char* const kDataKwargsDoc =
    "Data: `sequences` (list of str) with `labels` (list, one class name each; None = "
    "unlabeled), or files as the CLI reads them: files=[paths] (with labels_file= for --labels), "
    "class_files={name: path or [paths]} (--class NAME=FILE), bed= with genome=; "
    "strict=False, allow_duplicate_ids=False as the CLI's flags.";

py::object pop_kwarg(py::dict& kwargs, const char* name, py::object fallback) {
    if (!kwargs.contains(name)) return fallback;
    py::object v = kwargs[name];
    PyDict_DelItemString(kwargs.ptr(), name);
    return v;
}

void reject_unknown(const py::dict& kwargs, const char* function) {
    for (auto item : kwargs) {
        throw py::type_error(std::string(function) + "() got an unexpected keyword argument '" +
                             std::string(py::str(item.first)) + "' (see help(motiftok." + function +
                             "))");
    }
}

namespace {

std::vector<std::string> paths(py::handle value, const std::string& what) {
    if (py::isinstance<py::str>(value) || py::hasattr(value, "__fspath__")) {
        return {fs_path(value)};
    }
    std::vector<std::string> out;
    for (py::handle p : py::iter(value)) {
        if (!py::isinstance<py::str>(p) && !py::hasattr(p, "__fspath__")) {
            throw py::type_error(what + " must be a path or a list of paths");
        }
        out.push_back(fs_path(p));
    }
    return out;
}

std::string path_or_empty(py::handle value) {
    if (value.is_none()) return {};
    return fs_path(value);
}

}  // namespace

DataArgs data_args(py::object sequences, py::object labels, py::dict& kwargs) {
    DataArgs a;
    a.sequences = std::move(sequences);
    a.labels = std::move(labels);
    if (py::object files = pop_kwarg(kwargs, "files"); !files.is_none()) {
        a.spec.inputs = paths(files, "files");
    }
    if (py::object classes = pop_kwarg(kwargs, "class_files"); !classes.is_none()) {
        if (!py::isinstance<py::dict>(classes)) {
            throw py::type_error("class_files must be a dict {class name: path or [paths]}");
        }
        for (auto item : py::reinterpret_borrow<py::dict>(classes)) {
            const std::string name = py::str(item.first);
            for (const auto& p : paths(item.second, "class_files['" + name + "']")) {
                a.spec.class_specs.push_back(name + "=" + p);
            }
        }
    }
    a.spec.labels_tsv = path_or_empty(pop_kwarg(kwargs, "labels_file"));
    a.spec.bed = path_or_empty(pop_kwarg(kwargs, "bed"));
    a.spec.genome = path_or_empty(pop_kwarg(kwargs, "genome"));
    a.reader.strict = pop_kwarg(kwargs, "strict", py::bool_(a.reader.strict)).cast<bool>();
    a.reader.check_duplicate_ids =
        !pop_kwarg(kwargs, "allow_duplicate_ids", py::bool_(!a.reader.check_duplicate_ids))
             .cast<bool>();
    const bool from_files = !a.spec.inputs.empty() || !a.spec.class_specs.empty() ||
                            !a.spec.bed.empty() || !a.spec.labels_tsv.empty() ||
                            !a.spec.genome.empty();
    if (!a.sequences.is_none() && from_files) {
        throw py::value_error("give sequences (and labels) or files, not both");
    }
    if (a.sequences.is_none() && !from_files) {
        throw py::value_error(
            "no data: give sequences (and labels), or files=, class_files= or bed= with genome=");
    }
    if (a.sequences.is_none() && !a.labels.is_none()) {
        throw py::value_error(
            "labels go with sequences; for files use class_files= or "
            "labels_file=");
    }
    return a;
}

namespace {

io::Dataset dataset_from_lists(const DataArgs& a) {
    const SequenceViews v = sequence_views(a.sequences, "sequences");
    io::Dataset data;
    data.records.resize(v.views.size());
    for (std::size_t i = 0; i < v.views.size(); ++i) {
        if (v.views[i].empty())
            throw py::value_error("sequences[" + std::to_string(i) + "] is empty");
        data.records[i].id = std::to_string(i + 1);
        data.records[i].seq = normalize_sequence(v.views[i], i);
        data.stats.bases += data.records[i].seq.size();
    }
    data.stats.records = data.records.size();
    if (a.labels.is_none()) return data;
    if (py::isinstance<py::str>(a.labels) || !py::hasattr(a.labels, "__len__")) {
        throw py::type_error("labels must be a list with one class name per sequence");
    }
    if (py::len(a.labels) != data.records.size()) {
        throw py::value_error("labels has " + std::to_string(py::len(a.labels)) + " entries for " +
                              std::to_string(data.records.size()) + " sequences");
    }
    std::unordered_map<std::string, std::int32_t> index;  // class order: first appearance
    for (py::handle label : a.labels) {
        const std::string name = py::str(label);
        const auto [it, added] = index.emplace(name, static_cast<std::int32_t>(index.size()));
        if (added) data.classes.push_back(name);
        data.labels.push_back(it->second);
    }
    return data;
}

}  // namespace

io::Dataset load_data(const DataArgs& a) {
    if (!a.sequences.is_none()) return dataset_from_lists(a);
    py::gil_scoped_release release;
    return io::load_dataset(a.spec, a.reader);
}

Progress Progress::from_kwargs(py::dict& kwargs) {
    py::object callback = pop_kwarg(kwargs, "progress");
    if (!callback.is_none() && !PyCallable_Check(callback.ptr())) {
        throw py::type_error("progress must be callable (it receives one dict per step)");
    }
    return Progress(callback, pop_kwarg(kwargs, "verbose", py::bool_(false)).cast<bool>());
}

void Progress::report(const char* what, const std::function<py::dict()>& make) const {
    if (!active()) return;
    py::gil_scoped_acquire gil;
    const py::dict fields = make();
    if (!callback_.is_none()) callback_(fields);
    if (verbose_) {
        std::string line = std::string("[motiftok] ") + what;
        const char* sep = ": ";
        for (auto item : fields) {
            line +=
                sep + std::string(py::str(item.first)) + " " + std::string(py::str(item.second));
            sep = ", ";
        }
        py::module_::import("sys").attr("stderr").attr("write")(line + "\n");
    }
}

void Progress::note(const std::string& message) const {
    if (!verbose_) return;
    py::gil_scoped_acquire gil;
    py::module_::import("sys").attr("stderr").attr("write")("[motiftok] " + message + "\n");
}

}  // namespace motiftok::python
