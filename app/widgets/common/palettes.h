#pragma once

#include <QPalette>

namespace casedesk {

// A dark palette for the whole application (casedesk --dark, and the dark-palette tests): light
// text on dark grey, a blue highlight, links and placeholders readable on it.
QPalette darkPalette();

} // namespace casedesk
