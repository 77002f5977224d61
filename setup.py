"""Builds the `motiftok` extension with the project's CMake (python/CMakeLists.txt) for
`pip install --no-build-isolation .` (see pyproject.toml). The extension is the same target that
ctest tests; nothing is compiled here that CMake does not also build for the tests."""

import os
import re
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(motiftok VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        build = Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DMOTIFTOK_BUILD_TESTS=OFF",
            "-DMOTIFTOK_BUILD_PYTHON=ON",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DCMAKE_LIBRARY_OUTPUT_DIRECTORY={target.parent}",
        ]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build), "--target", "motiftok_python",
                        "-j", jobs], check=True)
        if not target.exists():
            raise RuntimeError(f"CMake did not produce {target}")


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("motiftok")],
    cmdclass={"build_ext": CMakeBuild},
)
