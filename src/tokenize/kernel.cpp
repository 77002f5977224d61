// Which best-path kernel a Tokenizer runs: the fastest available, unless a test forces one.

#include <atomic>

#include "motiftok/error.hpp"
#include "tokenizer_impl.hpp"

namespace motiftok::tokenize {

namespace {
/// The kernel forced by force_kernel(), or -1 for the fastest available.
std::atomic<int> g_forced_kernel{-1};
}  // namespace

bool kernel_available(Kernel kernel) {
    if (kernel == Kernel::kPortable) return true;
#if MOTIFTOK_X86_KERNELS
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

void force_kernel(Kernel kernel) {
    if (!kernel_available(kernel)) {
        throw ConfigError("tokenizer: the AVX2 kernel is not available on this CPU or build");
    }
    g_forced_kernel.store(static_cast<int>(kernel));
}

void reset_kernel() {
    g_forced_kernel.store(-1);
}

Kernel detail::chosen_kernel() {
    const int forced = g_forced_kernel.load();
    if (forced >= 0) return static_cast<Kernel>(forced);
    return kernel_available(Kernel::kAvx2) ? Kernel::kAvx2 : Kernel::kPortable;
}

}  // namespace motiftok::tokenize
