#pragma once
// Keyword arguments of learn() and train(): the CLI's options under their Python names, each read
// into the library's options struct, so the defaults are the struct's member initializers (the
// CLI's defaults) and nothing is typed twice.

#include <pybind11/pybind11.h>

#include <functional>
#include <string>
#include <vector>

#include "motiftok/io/dataset.hpp"

namespace motiftok::python {

namespace py = pybind11;

/// One keyword argument that sets one member of an options struct `Opts`.
template <typename Opts>
struct OptionField {
    std::string name;
    std::function<void(Opts&, py::handle)> set;
    std::function<py::object(const Opts&)> get;
};

/// The field `name` for `member`; a value of the wrong type is a TypeError naming it.
template <typename Opts, typename T>
OptionField<Opts> field(std::string name, T Opts::*member) {
    return {name,
            [name, member](Opts& o, py::handle v) {
                try {
                    o.*member = v.cast<T>();
                } catch (const py::cast_error&) {
                    throw py::type_error(name + ": cannot use a " +
                                         std::string(py::str(py::type::of(v).attr("__name__"))) +
                                         " here");
                }
            },
            [member](const Opts& o) { return py::cast(o.*member); }};
}

/// The field `name` for a count that also takes 'auto' (the CLI's --conv-width / --pos-bins):
/// an int sets `count` and clears `is_auto`, "auto" sets `is_auto`; reads back "auto" or the
/// count. Anything else is a TypeError naming the field.
template <typename Opts>
OptionField<Opts> count_or_auto_field(std::string name, int Opts::*count, bool Opts::*is_auto) {
    return {name,
            [name, count, is_auto](Opts& o, py::handle v) {
                if (py::isinstance<py::str>(v) && v.cast<std::string>() == "auto") {
                    o.*is_auto = true;
                    return;
                }
                if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v)) {
                    throw py::type_error(name + ": must be an int or 'auto', not a " +
                                         std::string(py::str(py::type::of(v).attr("__name__"))));
                }
                o.*count = v.cast<int>();
                o.*is_auto = false;
            },
            [count, is_auto](const Opts& o) {
                return o.*is_auto ? py::object(py::str("auto")) : py::object(py::int_(o.*count));
            }};
}

/// The field `name` for an enum `member`, given as its name in the CLI (a str): `parse` maps
/// the text to the value (ConfigError, a ValueError in Python, for an unknown name) and
/// `name_of` back.
template <typename Opts, typename E, typename Parse, typename NameOf>
OptionField<Opts> enum_field(std::string name, E Opts::*member, Parse parse, NameOf name_of) {
    return {name,
            [name, member, parse](Opts& o, py::handle v) {
                std::string text;
                try {
                    text = v.cast<std::string>();
                } catch (const py::cast_error&) {
                    throw py::type_error(name + ": cannot use a " +
                                         std::string(py::str(py::type::of(v).attr("__name__"))) +
                                         " here");
                }
                o.*member = parse(text);
            },
            [member, name_of](const Opts& o) { return py::cast(std::string(name_of(o.*member))); }};
}

/// Sets the fields named in `kwargs` (removing them from it).
template <typename Opts>
void apply_fields(py::dict& kwargs, Opts& options, const std::vector<OptionField<Opts>>& fields) {
    for (const auto& f : fields) {
        if (!kwargs.contains(f.name)) continue;
        f.set(options, kwargs[py::str(f.name)]);
        PyDict_DelItemString(kwargs.ptr(), f.name.c_str());
    }
}

/// "name=default, ..." of `fields`, from a default-constructed `Opts`.
template <typename Opts>
std::string describe_fields(const std::vector<OptionField<Opts>>& fields) {
    const Opts defaults{};
    std::string out;
    for (const auto& f : fields) {
        if (!out.empty()) out += ", ";
        out += f.name + "=" + std::string(py::repr(f.get(defaults)));
    }
    return out;
}

/// Removes `name` from `kwargs` and returns its value, or `fallback` if absent.
py::object pop_kwarg(py::dict& kwargs, const char* name, py::object fallback = py::none());
/// Throws TypeError naming the first keyword argument left in `kwargs`.
void reject_unknown(const py::dict& kwargs, const char* function);

/// The data of learn()/train(): either `sequences` (and `labels`, or None) as Python lists, or
/// the files named by the keyword arguments files=, class_files= ({name: path or [paths]}, the
/// CLI's --class), labels_file= (--labels), bed= and genome=, strict=, allow_duplicate_ids=
/// (removed from `kwargs`). Sequences are checked and normalized as the FASTA reader does.
struct DataArgs {
    py::object sequences;
    py::object labels;
    io::InputSpec spec;
    io::ReaderOptions reader;
};
DataArgs data_args(py::object sequences, py::object labels, py::dict& kwargs);
/// Loads the data (with the GIL released for files). Throws ValueError/TypeError for lists that
/// do not match, the library's errors for files.
io::Dataset load_data(const DataArgs& args);
/// The keyword arguments data_args() reads, for docstrings.
extern const char* const kDataKwargsDoc;

/// Progress of learn()/train(): a callable receiving one dict per step, and/or (verbose) one
/// line per step on sys.stderr. Safe to call with the GIL released.
class Progress {
  public:
    Progress(py::object callback, bool verbose)
        : callback_(std::move(callback)), verbose_(verbose) {}
    /// Takes progress= and verbose= from `kwargs`.
    static Progress from_kwargs(py::dict& kwargs);
    bool active() const { return verbose_ || !callback_.is_none(); }
    /// Hands `fields` (built by `make`, with the GIL held) to the callback and/or prints them.
    void report(const char* what, const std::function<py::dict()>& make) const;
    /// Prints "[motiftok] <message>" when verbose.
    void note(const std::string& message) const;

  private:
    py::object callback_;
    bool verbose_;
};

}  // namespace motiftok::python
