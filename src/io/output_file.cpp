#include "motiftok/io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "motiftok/error.hpp"

namespace motiftok::io {

namespace {

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

mode_t current_umask() {
    const mode_t mask = umask(0);
    umask(mask);
    return mask;
}

}  // namespace

struct OutputFile::Impl {
    std::string path;
    std::string temp;
    std::ofstream file;
    bool to_stdout = false;
    bool direct = false;  // a device or FIFO (e.g. /dev/null): written in place, never renamed over
    bool committed = false;
};

OutputFile::OutputFile(std::string path, bool binary) : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(path);
    if (impl_->path == "-") {
        impl_->to_stdout = true;
        return;
    }
    if (impl_->path.empty()) throw ConfigError("empty output file name; give a path or '-'");
    struct stat st {};
    if (stat(impl_->path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            throw OutputError("cannot write '" + impl_->path + "': it is a directory");
        impl_->direct = true;
        impl_->file.open(impl_->path, binary ? std::ios::binary : std::ios::out);
        if (!impl_->file) throw OutputError("cannot write '" + impl_->path + "'");
        return;
    }
    std::string tmpl = directory_of(impl_->path) + "/." + base_of(impl_->path) + ".tmpXXXXXX";
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        const int err = errno;
        throw OutputError("cannot write '" + impl_->path + "': " + std::strerror(err) +
                          " (check that the directory exists and is writable)");
    }
    fchmod(fd, static_cast<mode_t>(0666) & ~current_umask());
    close(fd);
    impl_->temp = tmpl;
    impl_->file.open(tmpl, binary ? std::ios::binary | std::ios::trunc : std::ios::trunc);
    if (!impl_->file) {
        std::remove(tmpl.c_str());
        throw OutputError("cannot write '" + impl_->path + "'");
    }
}

OutputFile::~OutputFile() {
    if (impl_ && !impl_->to_stdout && !impl_->direct && !impl_->committed) {
        impl_->file.close();
        std::remove(impl_->temp.c_str());
    }
}

std::ostream& OutputFile::stream() {
    if (impl_->to_stdout) return std::cout;
    return impl_->file;
}

void OutputFile::commit() {
    if (impl_->committed) return;
    if (impl_->to_stdout) {
        std::cout.flush();
        if (!std::cout) throw OutputError("error writing to standard output");
        impl_->committed = true;
        return;
    }
    impl_->file.flush();
    const bool ok = static_cast<bool>(impl_->file);
    impl_->file.close();
    if (impl_->direct) {
        impl_->committed = true;
        if (!ok) throw OutputError("error writing '" + impl_->path + "'");
        return;
    }
    if (!ok || impl_->file.fail()) {
        std::remove(impl_->temp.c_str());
        impl_->committed = true;  // nothing left to clean up
        throw OutputError("error writing '" + impl_->path + "' (disk full?)");
    }
    if (std::rename(impl_->temp.c_str(), impl_->path.c_str()) != 0) {
        const int err = errno;
        std::remove(impl_->temp.c_str());
        impl_->committed = true;
        throw OutputError("cannot rename the output into '" + impl_->path +
                          "': " + std::strerror(err));
    }
    impl_->committed = true;
}

const std::string& OutputFile::path() const {
    return impl_->path;
}

void require_readable(const std::string& path, const std::string& what) {
    if (path == "-") return;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    int err = fd < 0 ? errno : 0;
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) err = EISDIR;
    if (fd >= 0) ::close(fd);
    if (err != 0) {
        throw InputError(path + ": cannot open the " + what + " (" + std::strerror(err) +
                         "); check the path");
    }
}

std::string read_file(const std::string& path, const std::string& what) {
    require_readable(path, what);
    std::ifstream in(path, std::ios::binary);
    if (!in) require_readable(path, what);  // gone in between: the same message
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": cannot read the " + what);
    return bytes;
}

void check_outputs_not_inputs(const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs) {
    for (const auto& output : outputs) {
        struct stat out {};
        if (output.empty() || output == "-" || stat(output.c_str(), &out) != 0) continue;
        if (!S_ISREG(out.st_mode)) continue;
        for (const auto& input : inputs) {
            struct stat in {};
            if (input.empty() || input == "-" || stat(input.c_str(), &in) != 0) continue;
            if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
                throw OutputIsInputError(output, input);
            }
        }
    }
}

void write_file_atomic(const std::string& path, const std::string& content, bool binary) {
    OutputFile out(path, binary);
    out.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
    out.commit();
}

}  // namespace motiftok::io
