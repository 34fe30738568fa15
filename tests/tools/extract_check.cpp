// tools/extract_check.cpp: extracts the interface of every VerilogEval reference design in a
// suite directory (RefModule renamed TopModule in a temporary copy) and of its interface-only
// file, checks that both agree, and prints one line per problem plus timings.
// Usage: extract_check SUITE_DIR
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "hdl/detail/verilator_run.h"
#include "hdl/extract.h"
#include "util/files.h"
#include "util/sandbox.h"
#include "util/temp_dir.h"

namespace fs = std::filesystem;
using namespace rtlduet;

namespace {

std::string describe(const hdl::Interface& ifc) {
    std::string text;
    for (const hdl::Port& port : ifc.ports) {
        text +=
            fmt::format("{}{}{}[{}] ", port.direction == hdl::PortDirection::Input ? "i:" : "o:",
                        port.is_signed ? "s:" : "", port.name, port.width);
    }
    if (ifc.clock) {
        text += fmt::format("clock={} ", *ifc.clock);
    }
    if (ifc.reset) {
        static constexpr const char* kTiming[] = {"unknown", "sync", "async"};
        text +=
            fmt::format("reset={}{}:{}", ifc.reset->name, ifc.reset->is_active_low ? "(low)" : "",
                        kTiming[static_cast<int>(ifc.reset->timing)]);
    }
    return text;
}

// Same ports and clock/reset names; timing is not comparable (an interface file has no body).
bool same_ports(const hdl::Interface& a, const hdl::Interface& b) {
    const auto reset_name = [](const hdl::Interface& ifc) {
        return ifc.reset ? ifc.reset->name : std::string();
    };
    return a.ports == b.ports && a.clock == b.clock && reset_name(a) == reset_name(b);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: extract_check SUITE_DIR\n";
        return 2;
    }
    std::vector<fs::path> refs;
    for (const auto& entry : fs::directory_iterator(argv[1])) {
        if (entry.path().filename().string().ends_with("_ref.sv")) {
            refs.push_back(entry.path());
        }
    }
    std::sort(refs.begin(), refs.end());
    const util::Sandbox sandbox = util::Sandbox::detect();
    auto work = util::TempDir::create("rtlduet-extract-check-");
    if (!work) {
        std::cerr << work.error().what() << "\n";
        return 3;
    }
    int failures = 0;
    std::chrono::milliseconds total{0};
    for (const fs::path& ref : refs) {
        const std::string problem =
            ref.filename().string().substr(0, ref.filename().string().size() - 7);
        const fs::path copy = work->path() / (problem + ".sv");
        auto text = util::read_file(ref);
        if (!text ||
            !util::write_file(copy, hdl::detail::replace_all(*text, "RefModule", "TopModule"))) {
            std::cerr << problem << ": cannot copy\n";
            return 3;
        }
        const auto start = std::chrono::steady_clock::now();
        auto ifc = hdl::extract_interface(sandbox, copy);
        total += std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        if (!ifc) {
            ++failures;
            std::cout << fmt::format("FAIL {}: {}\n", problem, ifc.error().what());
            continue;
        }
        const fs::path ifc_file = ref.parent_path() / (problem + "_ifc.txt");
        std::string verdict = "ok";
        if (fs::exists(ifc_file)) {
            auto declared = hdl::extract_interface(sandbox, ifc_file);
            if (!declared || !same_ports(*ifc, *declared)) {
                ++failures;
                verdict = declared ? "FAIL (interface file differs: " + describe(*declared) + ")"
                                   : "FAIL (interface file: " + declared.error().what() + ")";
            }
        }
        std::cout << fmt::format("{} {}: {}\n", verdict, problem, describe(*ifc));
    }
    std::cout << fmt::format("{} designs, {} failures, {} ms per design (reference only)\n",
                             refs.size(), failures,
                             refs.empty() ? 0 : total.count() / static_cast<long>(refs.size()));
    return failures == 0 ? 0 : 1;
}
