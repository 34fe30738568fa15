// main.cpp: the rtlduet executable; everything happens in cli::run.
#include "cli/cli.h"

int main(int argc, char** argv) { return rtlduet::cli::run(argc, argv); }
