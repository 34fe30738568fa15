// cli/exit_code.cpp: how an error is shown.
#include "cli/exit_code.h"

#include <sstream>
#include <string>

namespace rtlduet::cli {
namespace {
constexpr int kMaxDetailLines = 20;
}

int report_error(util::Logger& log, const util::Error& error) {
    if (error.kind == util::ErrorKind::Internal) {
        log.error("internal error (a bug in rtlduet, please report it): {}", error.what());
    } else {
        log.error("{}", error.what());
    }
    if (!error.detail.empty()) {
        std::istringstream lines(error.detail);
        std::string line;
        int shown = 0;
        while (std::getline(lines, line) && shown < kMaxDetailLines) {
            log.write_line("  | " + line);
            ++shown;
        }
        if (std::getline(lines, line)) {
            log.write_line("  | ... (run with --verbose to see more)");
        }
    }
    return exit_code_for(error.kind);
}

}  // namespace rtlduet::cli
