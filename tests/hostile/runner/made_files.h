// hostile/runner/made_files.h: writes a case's generated inputs (`make:` lines).
#pragma once

#include <filesystem>

#include "hostile/runner/case_file.h"
#include "util/error.h"

namespace rtlduet::hostile {

util::Status make_file(const MadeFile& made, const std::filesystem::path& dir);

}  // namespace rtlduet::hostile
