// util/exit_code.cpp: error kind -> exit code, and the build's version.
#include "util/exit_code.h"

namespace rtlduet::util {

int exit_code_for(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Usage:
        case ErrorKind::Input:
            return kExitUsage;
        case ErrorKind::Io:
        case ErrorKind::Llm:
        case ErrorKind::Tool:
            return kExitEnvironment;
        case ErrorKind::Interrupted:
            return kExitInterrupted;
        case ErrorKind::Internal:
            return kExitInternal;
    }
    return kExitInternal;
}

std::string_view version() {
    return RTLDUET_VERSION;
}

}  // namespace rtlduet::util
