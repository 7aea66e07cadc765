#pragma once
// Ctrl-C: the first SIGINT only sets a flag, the run loop then cancels the run, writes what it
// has and exits 130; a second SIGINT terminates at once (the handler is reset after the first).
namespace cli {

void install_interrupt_handler();
bool interrupted();

}  // namespace cli
