#include "cli.h"

int main(int argc, char** argv) { return kep::run_cli(argc, argv); }
