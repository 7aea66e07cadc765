// gramstudio-cli: everything of substance lives in cli/ (see cli/cli_main.h).
#include "cli/cli_main.h"

int main(int argc, char** argv) { return cli::main(argc, argv); }
