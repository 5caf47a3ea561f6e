#pragma once

#include <functional>

namespace casedesk::bench {

// The longest the GUI thread's event loop went without turning while an interaction ran, in
// milliseconds: the largest gap between the ticks of a 2 ms timer, from just before `start` (a
// blocking call shows up whole) until `done` is true and the loop has turned once more. Gives up
// waiting after `timeoutMs`.
double worstGuiStallMs(const std::function<void()> &start, const std::function<bool()> &done,
                       int timeoutMs = 60000);

} // namespace casedesk::bench
