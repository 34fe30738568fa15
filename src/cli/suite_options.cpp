// cli/suite_options.cpp: --suite and --suite-format for `score` and `eval`.
#include "cli/suite_options.h"

#include <CLI/CLI.hpp>

namespace rtlduet::cli {

void add_suite_options(CLI::App& command, SuiteCliOptions& options) {
    command
        .add_option("--suite", options.dir,
                    "Suite directory: VerilogEval v2 (either task), ChipBench or RTLLM 2.0")
        ->required();
    command
        .add_option("--suite-format", options.format,
                    "Layout of the suite; auto: suite.json's \"format\", else detected")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "verilog-eval", "chipbench", "rtllm"}));
}

util::Result<bench::Suite> load_suite_option(const SuiteCliOptions& options) {
    return bench::load_suite(options.dir, options.format == "auto"
                                              ? std::nullopt
                                              : bench::parse_suite_format(options.format));
}

}  // namespace rtlduet::cli
