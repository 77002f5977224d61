#pragma once
// What the bindings share: reading Python sequences, the normalization check of DESIGN.md §2,
// thread counts, path arguments and building numpy arrays. Nothing here prints.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every file of the module: the same conversions everywhere

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace motiftok::python {

namespace py = pybind11;

/// Python sequences (str or bytes) viewed as bytes. The views point into the Python objects,
/// which `owners` keeps alive, so they can be read with the GIL released.
struct SequenceViews {
    std::vector<std::string_view> views;
    std::vector<py::object> owners;
};

/// Views of one sequence; throws TypeError for anything but str or bytes.
std::string_view sequence_view(py::handle seq, py::object& owner);
/// Views of an iterable of sequences; `what` names the argument in messages.
SequenceViews sequence_views(py::handle seqs, const char* what);

/// Position (0-based) of the first byte of `seq` that is not a nucleotide code (A, C, G, T, U,
/// IUPAC, either case), or std::string_view::npos. Uses the reader's normalization table.
std::size_t invalid_position(std::string_view seq);
/// Throws ValueError naming sequence `index` (0-based; SIZE_MAX for a lone sequence), the
/// 1-based position and the byte, as the FASTA reader does for a file.
[[noreturn]] void throw_invalid(std::string_view seq, std::size_t index, std::size_t position);
/// Checks `seq` (throws as throw_invalid).
void check_sequence(std::string_view seq, std::size_t index = SIZE_MAX);
/// The normalized sequence (upper case, IUPAC -> N, U -> T), as the FASTA reader stores it.
/// Throws as throw_invalid.
std::string normalize_sequence(std::string_view seq, std::size_t index = SIZE_MAX);

/// Threads for a call: `threads` >= 1 as given, 0 = every core (the CLI's -t default).
/// Throws ValueError for a negative number.
int resolve_threads(int threads);

/// A path argument (str or os.PathLike) as a string: os.fspath(value).
std::string fs_path(py::handle value);

/// A 1-D numpy array holding a copy of `values`.
template <typename T>
py::array_t<T> to_array(const std::vector<T>& values) {
    py::array_t<T> a(static_cast<py::ssize_t>(values.size()));
    if (!values.empty()) std::copy(values.begin(), values.end(), a.mutable_data());
    return a;
}

/// A 1-D numpy array of `field(x)` over `items`.
template <typename T, typename Items, typename Field>
py::array_t<T> field_array(const Items& items, Field field) {
    py::array_t<T> a(static_cast<py::ssize_t>(items.size()));
    T* out = a.mutable_data();
    for (const auto& x : items) *out++ = static_cast<T>(field(x));
    return a;
}

}  // namespace motiftok::python
