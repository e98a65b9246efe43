#include "cli/commands.hpp"

int main(int argc, char** argv) { return mtrack::cli::run(argc, argv); }
