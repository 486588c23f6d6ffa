#pragma once
// The version of kep and the commit it was built from (generated from cmake/version.cpp.in).

namespace kep {
extern const char* const k_version;
extern const char* const k_commit;
}  // namespace kep
