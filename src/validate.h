#pragma once
// The rules of a plan: a pure function of the model. Every rule id is documented in docs/rules.md.

#include "date.h"
#include "diagnostic.h"
#include "model.h"

namespace kep {

struct ValidateOptions {
  Date today;  // updates after this day are errors
};

Findings validate(const Plan& plan, const ValidateOptions& options);

}  // namespace kep
