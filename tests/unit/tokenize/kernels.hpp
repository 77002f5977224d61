#pragma once
// The best-path DP kernels the tests run: every test that compares the DP with a reference runs
// once per kernel this CPU has (the portable one always, AVX2 where available).

#include <string>
#include <vector>

#include "motiftok/tokenize/kernel.hpp"

namespace motiftok::test {

/// The kernels available here, the portable one first.
inline std::vector<tokenize::Kernel> dp_kernels() {
    std::vector<tokenize::Kernel> out{tokenize::Kernel::kPortable};
    if (tokenize::kernel_available(tokenize::Kernel::kAvx2)) out.push_back(tokenize::Kernel::kAvx2);
    return out;
}

inline std::string kernel_name(tokenize::Kernel kernel) {
    return kernel == tokenize::Kernel::kAvx2 ? "avx2" : "portable";
}

/// Tokenizers built while this lives use `kernel`.
class ForcedKernel {
  public:
    explicit ForcedKernel(tokenize::Kernel kernel) { tokenize::force_kernel(kernel); }
    ~ForcedKernel() { tokenize::reset_kernel(); }
    ForcedKernel(const ForcedKernel&) = delete;
    ForcedKernel& operator=(const ForcedKernel&) = delete;
};

}  // namespace motiftok::test
